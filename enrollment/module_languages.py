"""A class session's module as a resident reads it: the module's live copy in their language
(its title and address), or the English module until it has one."""

from courses.models import ModulePage


def modules_in_language(modules, language: str) -> dict[int, ModulePage]:
    """For each module given, its live copy in `language`, by the given module's id; modules
    already in that language, or with no such copy, are left out. One query for all of them."""
    by_key = {module.translation_key: module.pk for module in modules if module is not None}
    if not by_key:
        return {}
    copies = ModulePage.objects.live().filter(
        translation_key__in=list(by_key), locale__language_code=language
    )
    return {
        by_key[copy.translation_key]: copy
        for copy in copies
        if copy.pk != by_key[copy.translation_key]
    }


def module_in_language(module, language: str, cache: dict) -> ModulePage:
    """One module in `language`, remembered in `cache` (a batch of emails asks for the same
    few modules again and again)."""
    key = (module.pk, language)
    if key not in cache:
        cache[key] = modules_in_language([module], language).get(module.pk, module)
    return cache[key]
