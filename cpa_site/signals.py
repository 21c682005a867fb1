"""Purge the anonymous page cache when what the cached pages show changes, and renew the
"roles" generation when who may use the admin changes."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.signals import setting_changed
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from courses.academy import AcademySettings, AcademyWordsTranslation
from enrollment.models import Application, Cohort

from . import page_cache

# Saved or deleted, these change pages everywhere (titles in menus and lists, who may see what).
# Academy settings (and their words in other languages): every page's name, footer and contact.
# Locales: every page's language links (and the table courses/translations/copies.py keeps).
# Pages themselves: see purge_for_page.
SITE_WIDE = (
    PageViewRestriction,
    Site,
    Locale,
    AcademySettings,
    AcademyWordsTranslation,
    get_image_model(),
    get_document_model(),
)
SEATS = (Cohort, Application)


# Pages this deep (a module: root, landing, curriculum, module) appear in no header menu: the
# menus list the landing page's children.
DEEPEST_MENU_DEPTH = 3
EVERY_PAGE = ("site", "cohorts", "pages")


def purge_for_page(page) -> None:
    """A module saved (published, unpublished, a draft, code) retires its own copies in every
    language, those of the pages that list it (its curriculum and landing page) and those of
    its neighbours (their "next" and "previous" links); the class lists and My academy show
    module titles too. Anything nearer the top can be in the menus: every page."""
    if page.depth <= DEEPEST_MENU_DEPTH or page.show_in_menus:
        page_cache.page_cache_purge(*EVERY_PAGE)
        return
    shown_by = [page, *page.get_ancestors().filter(depth__gt=1)]
    neighbours = getattr(page.specific_deferred, "neighbours", None)
    if neighbours is not None:
        shown_by += neighbours()
    families = {page_cache.page_family_token(each) for each in shown_by}
    page_cache.page_cache_purge("cohorts", "pages", *sorted(families))


@receiver(page_published)
@receiver(page_unpublished)
def purge_on_publish(sender, instance, **kwargs):
    purge_for_page(instance)


@receiver(pre_save)
def purge_where_it_was(sender, instance, **kwargs):
    """A module given another number leaves its old neighbours' links behind."""
    if not isinstance(instance, Page) or instance.pk is None:
        return
    neighbours = getattr(instance, "neighbours", None)
    if neighbours is None:
        return
    before = type(instance).objects.filter(pk=instance.pk).values_list("number", flat=True)
    if before and before[0] != instance.number:
        families = {page_cache.page_family_token(each) for each in neighbours(number=before[0])}
        page_cache.page_cache_purge(*sorted(families))


@receiver(post_page_move)
@receiver(page_slug_changed)
def purge_on_move(sender, instance, **kwargs):
    """A new address: every link to it, anywhere."""
    page_cache.page_cache_purge(*EVERY_PAGE)


@receiver(post_migrate)
def purge_on_migrate(sender, **kwargs):
    """A migrate or a flush (which sends this too) can change any row."""
    page_cache.page_cache_purge()


@receiver(post_save)
@receiver(post_delete)
def purge_on_change(sender, instance, **kwargs):
    if isinstance(instance, Page):
        if "created" in kwargs:  # saved; a deleted page: every page
            purge_for_page(instance)
        else:
            page_cache.page_cache_purge(*EVERY_PAGE)
    elif isinstance(instance, SITE_WIDE):
        page_cache.page_cache_purge()
    elif isinstance(instance, Cohort):
        # The landing page links to the classes while one takes applications.
        page_cache.page_cache_purge("site", "cohorts")
    elif isinstance(instance, SEATS):
        # Saved under the cohort's lock, mostly: renewed once the seat change commits.
        page_cache.page_cache_purge("cohorts", at_once=False)


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
