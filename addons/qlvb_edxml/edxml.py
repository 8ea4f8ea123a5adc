"""edXML packages of QCVN 102:2016/BTTTT: build and parse.

A document package carries the header of an issued document (From, To,
Code, PromulgationInfo, DocumentType, Subject, Content, SignerInfo,
DueDate, ToPlaces, OtherInfo, ResponseFor, SteeringType, DocumentId), the
trace list with the business type (0 new, 1 recall, 2 update, 3 replace)
and its files in base64 with a manifest.  A status package answers a
document with a status code (01 arrived ... 16 recall refused).

This module knows nothing of Tryton: bytes in, dataclasses out, and back.
Parsing trusts nothing: no DTD, no entity, a size limit, and every
required field checked, so that the caller writes nothing on error.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

__all__ = ['Attachment', 'DocumentPackage', 'EdxmlError', 'Organ',
    'StatusPackage', 'build', 'package_id', 'parse']

NAMESPACE = 'http://www.mic.gov.vn/TBT/QCVN_102_2016'
PREFIX = 'edXML'
ET.register_namespace(PREFIX, NAMESPACE)
DATE_FORMAT = '%Y/%m/%d'
TIME_FORMAT = '%Y-%m-%dT%H:%M:%S%z'
BUSINESS_TYPES = ('0', '1', '2', '3')  # new, recall, update, replace
STATUS_CODES = ('01', '02', '03', '04', '05', '06', '13', '15', '16')
# Our own namespace for the package identifier, so that the same
# (document, recipient, business type) always gives the same id.
_ID_NAMESPACE = uuid.UUID('6f1d3c1e-8f39-4c1a-9d1b-5e0b6a2f7c10')


class EdxmlError(Exception):
    """A package refused; `code` says why, `params` fill the message."""

    CODES = ('too_large', 'not_xml', 'forbidden', 'not_edxml', 'missing',
        'bad_date', 'bad_value', 'bad_base64')

    def __init__(self, code, **params):
        assert code in self.CODES, code
        self.code = code
        self.params = params
        super().__init__(code, params)


@dataclass
class Organ:
    id: str
    name: str = ''


@dataclass
class Attachment:
    name: str
    data: bytes
    content_type: str = 'application/pdf'
    description: str = ''


@dataclass
class DocumentPackage:
    sender: Organ
    recipients: list[Organ]
    code_number: str
    code_notation: str
    promulgation_date: dt.date
    subject: str
    document_type: str = ''
    document_type_name: str = ''
    place: str = ''
    content: str = ''
    signer_competence: str = ''
    signer_position: str = ''
    signer_name: str = ''
    due_date: dt.date | None = None
    to_places: list[str] = field(default_factory=list)
    priority: str = '0'
    page_amount: int | None = None
    steering_type: str = '0'
    response_for: list[str] = field(default_factory=list)  # DocumentIds
    business_type: str = '0'
    business_reason: str = ''
    replacement_for: str = ''  # the DocumentId a replacing document replaces
    trace: list[tuple[str, dt.datetime]] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    id: str = ''

    @property
    def reference(self):
        "Number and symbol, as written on the document: 15/QĐ-UBND"
        return f'{self.code_number}/{self.code_notation}'

    @property
    def document_id(self):
        return document_id(
            self.sender.id, self.promulgation_date, self.reference)


@dataclass
class StatusPackage:
    sender: Organ
    recipient: Organ
    response_for: str  # the DocumentId answered
    status: str
    timestamp: dt.datetime
    description: str = ''
    id: str = ''


def document_id(organ_id, date, reference):
    "QCVN 102 DocumentId: OrganId,yyyy/MM/dd,number/symbol"
    return f'{organ_id},{date.strftime(DATE_FORMAT)},{reference}'


def package_id(*parts):
    "A stable identifier: sending the same thing twice gives the same id"
    return str(uuid.uuid5(_ID_NAMESPACE, '|'.join(str(p) for p in parts)))


# --- build ------------------------------------------------------------

def _q(tag):
    return f'{{{NAMESPACE}}}{tag}'


def _add(parent, tag, text=None):
    element = ET.SubElement(parent, _q(tag))
    if text is not None:
        element.text = str(text)
    return element


def _organ(parent, tag, organ):
    element = _add(parent, tag)
    _add(element, 'OrganId', organ.id)
    _add(element, 'OrganName', organ.name)
    return element


def _date(value):
    return value.strftime(DATE_FORMAT) if value else ''


def _time(value):
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.strftime(TIME_FORMAT)


def build(package):
    "Return the edXML bytes of a document or status package"
    root = ET.Element(_q('edXMLEnvelope'))
    header = _add(root, 'edXMLHeader')
    if isinstance(package, StatusPackage):
        status = _add(header, 'Status')
        response = _add(status, 'ResponseFor')
        _add(response, 'DocumentId', package.response_for)
        _organ(status, 'From', package.sender)
        _organ(status, 'To', package.recipient)
        _add(status, 'StatusCode', package.status)
        _add(status, 'Description', package.description)
        _add(status, 'Timestamp', _time(package.timestamp))
        _add(status, 'MessageId', package.id)
        _add(root, 'edXMLBody')
        return ET.tostring(root, encoding='utf-8', xml_declaration=True)

    message = _add(header, 'MessageHeader')
    _organ(message, 'From', package.sender)
    for organ in package.recipients:
        _organ(message, 'To', organ)
    _add(message, 'DocumentId', package.document_id)
    code = _add(message, 'Code')
    _add(code, 'CodeNumber', package.code_number)
    _add(code, 'CodeNotation', package.code_notation)
    info = _add(message, 'PromulgationInfo')
    _add(info, 'Place', package.place)
    _add(info, 'PromulgationDate', _date(package.promulgation_date))
    type_ = _add(message, 'DocumentType')
    _add(type_, 'Type', package.document_type)
    _add(type_, 'TypeName', package.document_type_name)
    _add(message, 'Subject', package.subject)
    _add(message, 'Content', package.content)
    signer = _add(message, 'SignerInfo')
    _add(signer, 'Competence', package.signer_competence)
    _add(signer, 'Position', package.signer_position)
    _add(signer, 'FullName', package.signer_name)
    _add(message, 'DueDate', _date(package.due_date))
    places = _add(message, 'ToPlaces')
    for place in package.to_places:
        _add(places, 'Place', place)
    other = _add(message, 'OtherInfo')
    _add(other, 'Priority', package.priority)
    _add(other, 'PageAmount',
        package.page_amount if package.page_amount else '')
    for answered in package.response_for:
        response = _add(message, 'ResponseFor')
        _add(response, 'DocumentId', answered)
    _add(message, 'SteeringType', package.steering_type)
    _add(message, 'MessageId', package.id)

    traces = _add(header, 'TraceHeaderList')
    for organ_id, when in package.trace:
        trace = _add(traces, 'TraceHeader')
        _add(trace, 'OrganId', organ_id)
        _add(trace, 'Timestamp', _time(when))
    business = _add(traces, 'Bussiness')  # sic, as in QCVN 102
    _add(business, 'BussinessDocType', package.business_type)
    _add(business, 'BussinessDocReason', package.business_reason)
    if package.replacement_for:
        replaced = _add(business, 'ReplacementInfoList')
        _add(_add(replaced, 'ReplacementInfo'), 'DocumentId',
            package.replacement_for)

    body = _add(root, 'edXMLBody')
    manifest = _add(body, 'edXMLManifest')
    encoded = _add(root, 'AttachmentEncoded')
    for number, attachment in enumerate(package.attachments, 1):
        reference = _add(manifest, 'Reference')
        _add(reference, 'ContentId', f'cid:{number}')
        _add(reference, 'ContentType', attachment.content_type)
        _add(reference, 'Description', attachment.description)
        _add(reference, 'AttachmentName', attachment.name)
        element = _add(encoded, 'Attachment')
        _add(element, 'ContentId', f'cid:{number}')
        _add(element, 'AttachmentName', attachment.name)
        _add(element, 'ContentType', attachment.content_type)
        _add(element, 'ContentTransferEncoded', 'base64')
        _add(element, 'Value',
            base64.b64encode(attachment.data).decode('ascii'))
    return ET.tostring(root, encoding='utf-8', xml_declaration=True)


# --- parse ------------------------------------------------------------

class _Reader:
    "Namespaced look-ups that name the missing field in their error"

    def __init__(self, element, path=''):
        self.element = element
        self.path = path

    def child(self, tag, required=True):
        element = self.element.find(_q(tag))
        if element is None:
            if required:
                raise EdxmlError('missing', field=self._name(tag))
            return None
        return _Reader(element, self._name(tag))

    def children(self, tag):
        return [_Reader(e, self._name(tag))
            for e in self.element.findall(_q(tag))]

    def text(self, tag, required=False, limit=10000):
        element = self.element.find(_q(tag))
        value = (element.text or '').strip() if element is not None else ''
        if required and not value:
            raise EdxmlError('missing', field=self._name(tag))
        if len(value) > limit:
            raise EdxmlError('bad_value', field=self._name(tag))
        return value

    def date(self, tag, required=False):
        value = self.text(tag, required=required, limit=20)
        if not value:
            return None
        try:
            return dt.datetime.strptime(value, DATE_FORMAT).date()
        except ValueError:
            raise EdxmlError('bad_date', field=self._name(tag), value=value)

    def timestamp(self, tag):
        value = self.text(tag, required=True, limit=40)
        for format_ in [TIME_FORMAT, '%Y-%m-%dT%H:%M:%S',
                DATE_FORMAT + ' %H:%M:%S']:
            try:
                return dt.datetime.strptime(value, format_)
            except ValueError:
                continue
        raise EdxmlError('bad_date', field=self._name(tag), value=value)

    def choice(self, tag, values, default=None):
        value = self.text(tag, limit=10) or default
        if value not in values:
            raise EdxmlError('bad_value', field=self._name(tag))
        return value

    def organ(self, tag):
        element = self.child(tag)
        return Organ(id=element.text('OrganId', required=True, limit=64),
            name=element.text('OrganName', limit=500))

    def _name(self, tag):
        return f'{self.path}/{tag}' if self.path else tag


def parse(data, max_size):
    "Return the DocumentPackage or StatusPackage of data, or EdxmlError"
    if len(data) > max_size:
        raise EdxmlError('too_large', size=len(data), limit=max_size)
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True,
            forbid_external=True)
    except DefusedXmlException:
        raise EdxmlError('forbidden')
    except (ET.ParseError, ValueError, TypeError):
        raise EdxmlError('not_xml')
    if root.tag != _q('edXMLEnvelope'):
        raise EdxmlError('not_edxml')
    header = _Reader(root).child('edXMLHeader')
    status = header.child('Status', required=False)
    if status is not None:
        return _parse_status(status)
    return _parse_document(_Reader(root), header)


def _parse_status(status):
    return StatusPackage(
        response_for=status.child('ResponseFor').text(
            'DocumentId', required=True, limit=300),
        sender=status.organ('From'),
        recipient=status.organ('To'),
        status=status.choice('StatusCode', STATUS_CODES),
        description=status.text('Description'),
        timestamp=status.timestamp('Timestamp'),
        id=status.text('MessageId', limit=64))


def _parse_document(root, header):
    message = header.child('MessageHeader')
    code = message.child('Code')
    info = message.child('PromulgationInfo')
    type_ = message.child('DocumentType', required=False)
    signer = message.child('SignerInfo', required=False)
    other = message.child('OtherInfo', required=False)
    places = message.child('ToPlaces', required=False)
    recipients = [Organ(id=r.text('OrganId', required=True, limit=64),
            name=r.text('OrganName', limit=500))
        for r in message.children('To')]
    if not recipients:
        raise EdxmlError('missing', field='MessageHeader/To')
    page_amount = other.text('PageAmount', limit=6) if other else ''
    if page_amount and not re.fullmatch('[0-9]{1,6}', page_amount):
        raise EdxmlError('bad_value', field='OtherInfo/PageAmount')
    package = DocumentPackage(
        sender=message.organ('From'),
        recipients=recipients,
        code_number=code.text('CodeNumber', required=True, limit=20),
        code_notation=code.text('CodeNotation', required=True, limit=100),
        place=info.text('Place', limit=200),
        promulgation_date=info.date('PromulgationDate', required=True),
        document_type=type_.text('Type', limit=50) if type_ else '',
        document_type_name=(
            type_.text('TypeName', limit=200) if type_ else ''),
        subject=message.text('Subject', required=True),
        content=message.text('Content', limit=100000),
        signer_competence=(
            signer.text('Competence', limit=100) if signer else ''),
        signer_position=signer.text('Position', limit=200) if signer else '',
        signer_name=signer.text('FullName', limit=200) if signer else '',
        due_date=message.date('DueDate'),
        to_places=[p.element.text.strip() for p in (
                places.children('Place') if places else [])
            if p.element.text and p.element.text.strip()],
        priority=other.text('Priority', limit=10) or '0' if other else '0',
        page_amount=int(page_amount) if page_amount else None,
        steering_type=message.text('SteeringType', limit=10) or '0',
        response_for=[r.text('DocumentId', required=True, limit=300)
            for r in message.children('ResponseFor')],
        id=message.text('MessageId', limit=64))
    declared = message.text('DocumentId', limit=300)
    if declared and declared != package.document_id:
        raise EdxmlError('bad_value', field='MessageHeader/DocumentId')

    traces = header.child('TraceHeaderList', required=False)
    if traces:
        package.trace = [(t.text('OrganId', required=True, limit=64),
                t.timestamp('Timestamp'))
            for t in traces.children('TraceHeader')]
        business = traces.child('Bussiness', required=False)
        if business:
            package.business_type = business.choice(
                'BussinessDocType', BUSINESS_TYPES, default='0')
            package.business_reason = business.text('BussinessDocReason')
            replaced = business.child('ReplacementInfoList', required=False)
            if replaced:
                infos = replaced.children('ReplacementInfo')
                if infos:
                    package.replacement_for = infos[0].text(
                        'DocumentId', required=True, limit=300)
    if package.business_type == '3' and not package.replacement_for:
        raise EdxmlError('missing',
            field='TraceHeaderList/Bussiness/ReplacementInfoList')

    encoded = root.child('AttachmentEncoded', required=False)
    for element in (encoded.children('Attachment') if encoded else []):
        name = element.text('AttachmentName', required=True, limit=255)
        value = element.child('Value').element.text or ''
        try:
            data = base64.b64decode(''.join(value.split()), validate=True)
        except (binascii.Error, ValueError):
            raise EdxmlError('bad_base64', name=name)
        package.attachments.append(Attachment(name=name, data=data,
                content_type=element.text('ContentType', limit=100)
                or 'application/octet-stream'))
    if not package.attachments:
        raise EdxmlError('missing', field='AttachmentEncoded/Attachment')
    return package
