"""The two addresses of a Wagtail report view: the page, and its results alone (which the
report's filters fetch), named from the view's own index_url_name and index_results_url_name
so the names are written once."""

from django.urls import path


def report_paths(route: str, view_class) -> list:
    return [
        path(route, view_class.as_view(), name=view_class.index_url_name),
        path(
            f"{route}results/",
            view_class.as_view(results_only=True),
            name=view_class.index_results_url_name,
        ),
    ]
