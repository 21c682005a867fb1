# One image for web, worker and beat (see docker-compose.yml).
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=cpa_site.settings.production \
    CPA_VAR_DIR=/app/var

RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 curl \
       libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 academy

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=academy:academy . .
# collectstatic needs settings that load; these values exist only for this build step.
RUN SECRET_KEY=build-only-secret-key-not-used-at-runtime-0123456789abcdef \
    ALLOWED_HOSTS=build.invalid python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media && chown -R academy:academy /app/var

USER academy
EXPOSE 8000
CMD ["gunicorn", "cpa_site.wsgi:application", "--config", "python:cpa_site.gunicorn_conf", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
