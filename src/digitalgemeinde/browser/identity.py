"""Whose page a citizen is on: the tenant's name and coat of arms above the content of every
page inside a municipality or canton ("Gemeinde Liestal", "Kanton Basel-Landschaft")."""

from Acquisition import aq_base
from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.interfaces import ICanton
from digitalgemeinde.tenants import tenant_of


def tenant_label(tenant):
    """ "Municipality Liestal" or "Canton Basel-Landschaft", to be translated."""
    mapping = {"name": tenant.Title()}
    if ICanton.providedBy(tenant):
        return _("Canton ${name}", mapping=mapping)
    return _("Municipality ${name}", mapping=mapping)


def coat_of_arms(tenant, request, scale: str = "thumb", decorative: bool = False) -> dict | None:
    """The tenant's coat of arms as an image scale (url, width, height, alt), or None.

    Its alternative text is "Coat of arms of <name>"; empty where ``decorative`` (next to the
    tenant's name, a screen reader would read the name twice).
    """
    if getattr(aq_base(tenant), "coat_of_arms", None) is None:
        return None
    images = api.content.get_view("images", tenant, request)
    image = images.scale("coat_of_arms", scale=scale)
    if image is None:
        return None
    alt = "" if decorative else _("Coat of arms of ${name}", mapping={"name": tenant.Title()})
    return {
        "url": image.url,
        "width": image.width,
        "height": image.height,
        "alt": translate(alt, context=request) if alt else "",
    }


class TenantIdentityViewlet(ViewletBase):
    """Shown on every page inside a tenant (and the tenant's own); nothing elsewhere."""

    index = ViewPageTemplateFile("templates/tenant_identity.pt")

    def update(self):
        super().update()
        self.tenant = tenant_of(self.context)

    def available(self) -> bool:
        return self.tenant is not None

    def label(self) -> str:
        return translate(tenant_label(self.tenant), context=self.request)

    def url(self) -> str:
        return self.tenant.absolute_url()

    def image(self) -> dict | None:
        return coat_of_arms(self.tenant, self.request, scale="tile", decorative=True)

    def render(self):
        return self.index() if self.available() else ""
