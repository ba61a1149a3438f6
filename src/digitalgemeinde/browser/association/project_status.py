"""The project's status page: milestones and the figures computed from the site."""

from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from digitalgemeinde.amounts import format_chf
from digitalgemeinde.association.figures import figures
from digitalgemeinde.content_types.project_status import MILESTONE_STATE_TITLES


class ProjectStatusView(BrowserView):
    index = ViewPageTemplateFile("../templates/project_status.pt")

    def __call__(self):
        return self.index()

    def milestones(self) -> list[dict]:
        return [
            {
                "date": milestone.date.strftime("%d.%m.%Y"),
                "title": milestone.title,
                "state": milestone.state,
                "state_title": MILESTONE_STATE_TITLES[milestone.state],
            }
            for milestone in self.context.milestone_list()
        ]

    def figures(self):
        return figures(self.context)

    def chf(self, amount) -> str:
        return format_chf(amount)

    def number(self, value) -> str:
        return f"{value:,}".replace(",", "'") if value is not None else ""
