from wagtail.admin.forms import WagtailAdminPageForm


class ModulePageForm(WagtailAdminPageForm):
    def clean(self):
        """Two modules of one curriculum cannot share a number: the order would be unclear."""
        cleaned = super().clean()
        number = cleaned.get("number")
        parent = self.parent_page
        if number is None or parent is None:
            return cleaned
        siblings = parent.get_children().type(self._meta.model).specific()
        clash = [page for page in siblings if page.number == number and page.pk != self.instance.pk]
        if clash:
            self.add_error("number", f"Module {number} already exists: “{clash[0].title}”.")
        return cleaned
