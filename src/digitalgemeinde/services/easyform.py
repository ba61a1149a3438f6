"""REST (de)serialization of an EasyForm: code refused up front, and answers for editors too.

collective.easyform's serializer asks plone.api for the permission by its id
("collective.easyform.DownloadSavedInput") where plone.api wants its title: for everyone but a
Manager that raised, so an editor's GET, and the answer to their POST, was a 500."""

from AccessControl import getSecurityManager
from collective.easyform.interfaces import IEasyForm
from collective.easyform.serializer import DeserializeFromJson as EasyFormDeserializeFromJson
from collective.easyform.serializer import SerializeToJson as EasyFormSerializeToJson
from plone.restapi.deserializer import json_body
from plone.restapi.interfaces import IDeserializeFromJson
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.dxcontent import SerializeToJson
from zope.component import adapter
from zope.interface import implementer

from digitalgemeinde.interfaces import IDigitalgemeindeLayer
from digitalgemeinde.security.forms import check_changes

DOWNLOAD_SAVED_INPUT = "collective.easyform: Download Saved Input"


@implementer(ISerializeToJson)
@adapter(IEasyForm, IDigitalgemeindeLayer)
class EasyFormSerializer(EasyFormSerializeToJson):
    def __call__(self, version=None, include_items=True):
        result = SerializeToJson.__call__(self, version, include_items)
        if getSecurityManager().checkPermission(DOWNLOAD_SAVED_INPUT, self.context):
            self.serializeSavedData(result)
        return result


@implementer(IDeserializeFromJson)
@adapter(IEasyForm, IDigitalgemeindeLayer)
class EasyFormDeserializer(EasyFormDeserializeFromJson):
    """Refuses code before anything is set, naming the field: also the form's expression
    fields, which plone.restapi would otherwise skip without a word for non-Managers."""

    def __call__(self, validate_all=False, data=None, create=False):
        if data is None:
            data = json_body(self.request)
        check_changes(self.context, data)
        return super().__call__(validate_all=validate_all, data=data, create=create)
