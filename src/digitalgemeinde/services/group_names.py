"""REST's answer when a tenant or office may not have a name because its group belongs to
another object (security.group_names refuses): 400 and a JSON error naming the group."""

from digitalgemeinde.services.refusals import RefusalError


class GroupTakenError(RefusalError):
    """The exception view of tenancy.owners.GroupTaken for REST calls."""

    status = 400
    error_type = "GroupTaken"

    def details(self) -> dict:
        return {"group": self.context.group_id}
