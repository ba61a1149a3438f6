"""Helpers that build the demo site: make an object if it is missing, publish it, turn a data
entry into field values, add a demo user to its groups. Used by setup.py and association_site.py,
beneath both."""

import logging
from decimal import Decimal

from plone import api
from plone.app.textfield import RichText
from plone.app.textfield.value import RichTextValue
from plone.dexterity.utils import iterSchemataForType
from zope.schema import getFieldsInOrder

from digitalgemeinde.demo import users

logger = logging.getLogger("digitalgemeinde.demo")

# Keys of the data entries that are not fields of the object.
NOT_FIELDS = frozenset({"id", "office", "offices", "fees", "authority", "service"})


def ensure(container, portal_type: str, obj_id: str, fields: dict):
    """The object ``obj_id`` of ``container``: created with ``fields`` and published if new."""
    if obj_id in container.objectIds():
        return container[obj_id]
    obj = api.content.create(
        container=container, type=portal_type, id=obj_id, **typed(portal_type, fields)
    )
    publish(obj)
    return obj


def publish(obj) -> None:
    state = api.content.get_state(obj, default=None)
    if state is None:
        return  # the type has no workflow on this site
    if state != "published":
        api.content.transition(obj=obj, transition="publish")


def rich_text_fields(portal_type: str) -> frozenset:
    """The names of the RichText fields of ``portal_type`` (its schema and its behaviours')."""
    return frozenset(
        name
        for schema in iterSchemataForType(portal_type)
        for name, field in getFieldsInOrder(schema)
        if isinstance(field, RichText)
    )


def typed(portal_type: str, fields: dict) -> dict:
    """``fields`` as ``portal_type`` stores them: the text of a RichText field as rich text."""
    rich = rich_text_fields(portal_type)
    return {
        name: (
            RichTextValue(value, "text/html", "text/x-html-safe")
            if name in rich and isinstance(value, str)
            else value
        )
        for name, value in fields.items()
    }


def fields_of(spec: dict, values: dict) -> dict:
    """The field values of a data entry, with ``values`` put into its texts (``ensure`` makes
    the texts of rich-text fields rich text, by the type's schemas)."""
    fields = {}
    for name, value in spec.items():
        if name in NOT_FIELDS:
            continue
        if isinstance(value, str):
            value = value.format(**values) if values else value
        if name == "fee_amount":
            value = Decimal(value)
        fields[name] = value
    return fields


def ensure_user(spec: dict) -> None:
    """The demo user ``spec``, created if missing, in its groups (existing users keep their
    password)."""
    username = spec["username"]
    user = api.user.get(username=username)
    if user is None:
        user = api.user.create(
            email=users.email_of(username),
            username=username,
            password=users.password_of(username),
            properties={"fullname": spec["fullname"]},
        )
    member_of = {group.getId() for group in api.group.get_groups(user=user)}
    for group_id in spec["groups"]:
        if group_id in member_of:
            continue
        if api.group.get(groupname=group_id) is None:
            logger.warning("Group %s does not exist: demo user %s not added.", group_id, username)
            continue
        api.group.add_user(groupname=group_id, user=user)
