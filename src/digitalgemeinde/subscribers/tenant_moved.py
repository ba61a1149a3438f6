"""A tenant is added, renamed, copied or deleted: its groups follow."""

from zope.lifecycleevent.interfaces import IObjectAddedEvent
from zope.lifecycleevent.interfaces import IObjectRemovedEvent

from digitalgemeinde.tenancy.groups import offices_in
from digitalgemeinde.tenancy.groups import remove_tenant_groups
from digitalgemeinde.tenancy.groups import rename_tenant
from digitalgemeinde.tenancy.groups import setup_office
from digitalgemeinde.tenancy.groups import setup_tenant


def tenant_moved(tenant, event):
    if event.object is not tenant:
        return  # a container further up moved; only the site itself moves tenants
    if IObjectRemovedEvent.providedBy(event):
        remove_tenant_groups(tenant, event.oldName, list(offices_in(tenant)))
    elif IObjectAddedEvent.providedBy(event):
        # New, pasted or imported: its own groups, none of the original's.
        setup_tenant(tenant, new=True)
        for office in offices_in(tenant):
            setup_office(office, new=True)
    elif event.oldName != event.newName:
        rename_tenant(tenant, event.oldName)
