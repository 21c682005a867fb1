from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from courses.models import AcademyHomePage, ContentPage, CurriculumIndexPage, ModulePage
from tests.support.factories import make_academy


class PageTreeRulesTest(WagtailPageTestCase):
    def test_landing_page_sits_at_the_root_and_holds_curriculum_and_content_pages(self):
        self.assertCanCreateAt(Page, AcademyHomePage)
        self.assertAllowedSubpageTypes(AcademyHomePage, {CurriculumIndexPage, ContentPage})

    def test_modules_only_live_in_a_curriculum(self):
        self.assertAllowedParentPageTypes(ModulePage, {CurriculumIndexPage})
        self.assertAllowedSubpageTypes(ModulePage, set())
        self.assertCanNotCreateAt(AcademyHomePage, ModulePage)
        self.assertCanNotCreateAt(ContentPage, ModulePage)

    def test_curriculum_only_under_the_landing_page(self):
        self.assertAllowedParentPageTypes(CurriculumIndexPage, {AcademyHomePage})
        self.assertCanNotCreateAt(ContentPage, CurriculumIndexPage)

    def test_content_pages_nest_under_landing_or_content_pages(self):
        self.assertAllowedParentPageTypes(ContentPage, {AcademyHomePage, ContentPage})

    def test_only_one_landing_page_and_one_curriculum_per_landing_page(self):
        home, curriculum, _ = make_academy(module_count=0)
        self.assertFalse(AcademyHomePage.can_create_at(Page.get_first_root_node()))
        self.assertFalse(CurriculumIndexPage.can_create_at(home))

    def test_published_pages_render(self):
        home, curriculum, modules = make_academy(module_count=2)
        for page in (home, curriculum, *modules):
            self.assertPageIsRenderable(page)
            self.assertPageIsRoutable(page)
