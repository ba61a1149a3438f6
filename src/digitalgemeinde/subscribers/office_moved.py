"""An office is added, renamed, moved or deleted: its staff group follows."""

from zope.lifecycleevent.interfaces import IObjectAddedEvent
from zope.lifecycleevent.interfaces import IObjectRemovedEvent

from digitalgemeinde.tenancy import office_group_id
from digitalgemeinde.tenancy.groups import move_group
from digitalgemeinde.tenancy.groups import office_title
from digitalgemeinde.tenancy.groups import remove_own_group
from digitalgemeinde.tenancy.groups import setup_office
from digitalgemeinde.tenants import tenant_of


def office_moved(office, event):
    if event.object is not office:
        return  # a tenant moved: handled for all its offices by the tenant's subscriber
    if IObjectRemovedEvent.providedBy(event):
        old_tenant = tenant_of(event.oldParent)
        if old_tenant is not None:
            remove_own_group(office_group_id(old_tenant.getId(), event.oldName), office)
    elif IObjectAddedEvent.providedBy(event):
        setup_office(office, new=True)
    else:
        old_tenant, new_tenant = tenant_of(event.oldParent), tenant_of(office)
        if old_tenant is not None and new_tenant is not None:
            move_group(
                office_group_id(old_tenant.getId(), event.oldName),
                office_group_id(new_tenant.getId(), office.getId()),
                office_title(office, new_tenant),
                office,
            )
        setup_office(office)
