"""Purge the anonymous page cache when what the cached pages show changes, and renew the
"roles" generation when who may use the admin changes."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.signals import setting_changed
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished

from courses.academy import AcademySettings, AcademyWordsTranslation
from enrollment.models import Application, Cohort

from . import page_cache

# Saved or deleted, these change pages everywhere (titles in menus and lists, who may see what).
# Academy settings (and their words in other languages): every page's name, footer and contact.
SITE_WIDE = (
    Page,
    PageViewRestriction,
    Site,
    AcademySettings,
    AcademyWordsTranslation,
    get_image_model(),
    get_document_model(),
)
SEATS = (Cohort, Application)


@receiver(page_published)
@receiver(page_unpublished)
def purge_on_publish(sender, instance, **kwargs):
    page_cache.page_cache_purge()


@receiver(post_migrate)
def purge_on_migrate(sender, **kwargs):
    """A migrate or a flush (which sends this too) can change any row."""
    page_cache.page_cache_purge()


@receiver(post_save)
@receiver(post_delete)
def purge_on_change(sender, instance, **kwargs):
    # Pages saved outside publishing (moves, code, a draft of a live page) count too: cheap, rare.
    if isinstance(instance, SITE_WIDE):
        page_cache.page_cache_purge()
    elif isinstance(instance, Cohort):
        # The landing page links to the classes while one takes applications.
        page_cache.page_cache_purge("site", "cohorts")
    elif isinstance(instance, SEATS):
        page_cache.page_cache_purge("cohorts")


@receiver(m2m_changed, sender=get_user_model().groups.through)
@receiver(m2m_changed, sender=get_user_model().user_permissions.through)
@receiver(m2m_changed, sender=Group.permissions.through)
def renew_roles_on_membership(sender, action, **kwargs):
    """Who may use the admin changed: every session asks the database again (middleware.py)."""
    if action in ("post_add", "post_remove", "post_clear"):
        page_cache.page_cache_purge("roles")


@receiver(post_save, sender=Group)
@receiver(post_delete, sender=Group)
@receiver(post_save, sender=Permission)
@receiver(post_delete, sender=Permission)
def renew_roles_on_change(sender, **kwargs):
    page_cache.page_cache_purge("roles")


@receiver(setting_changed)
def forget_url_rules(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        page_cache._view_rule.cache_clear()
