"""edXML packages of QCVN 102:2016/BTTTT: build and parse.

A document package carries the header of an issued document (From, To,
Code, PromulgationInfo, DocumentType, Subject, Content, SignerInfo,
DueDate, ToPlaces, OtherInfo, ResponseFor, SteeringType, DocumentId), the
trace list with the business type (0 new, 1 recall, 2 update, 3 replace)
and its files in base64 with a manifest.  A status package answers a
document with a status code (01 arrived ... 16 recall refused).

The shape is the one deployed systems write (the national SDK's sample
package and the vendors' SDKs agree): the root `edXML` holds the
`edXMLEnvelope` (header and manifest, elements prefixed `edXML:`) and,
beside it, `AttachmentEncoded` with the base64 of each file in
`ContentTransferEncoded`; dates are yyyy/MM/dd, timestamps
yyyy/MM/dd HH:mm:ss in Vietnam time.  Read: that shape with or without
prefixes, and the product's former one (the envelope as root, the base64
in `Value`), so that packages already in inboxes still import.

This module knows nothing of Tryton: bytes in, dataclasses out, and back.
Parsing trusts nothing: no DTD, no entity, a size limit, dates in range,
and every required field checked, so that the caller writes nothing on
error.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

__all__ = ['Attachment', 'DocumentPackage', 'EdxmlError', 'Organ',
    'StatusPackage', 'build', 'package_id', 'parse']

NAMESPACE = 'http://www.mic.gov.vn/TBT/QCVN_102_2016'
PREFIX = 'edXML'
ET.register_namespace(PREFIX, NAMESPACE)
XLINK = 'http://www.w3.org/1999/xlink'
XSI = 'http://www.w3.org/2001/XMLSchema-instance'
XSD = 'http://www.w3.org/2001/XMLSchema'
DATE_FORMAT = '%Y/%m/%d'
TIME_FORMAT = '%Y/%m/%d %H:%M:%S'
# Timestamps are written in local time without offset: Vietnam's, which
# has no daylight saving.
LOCAL_TIME = dt.timezone(dt.timedelta(hours=7))
# Beyond these, a date is a typing error or an attack (year 1 overflows
# any conversion to UTC).
MIN_DATE, MAX_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
BUSINESS_TYPES = ('0', '1', '2', '3')  # new, recall, update, replace
STATUS_CODES = ('01', '02', '03', '04', '05', '06', '13', '15', '16')
# Our own namespace for the package identifier, so that the same
# (document, recipient, business type) always gives the same id.
_ID_NAMESPACE = uuid.UUID('6f1d3c1e-8f39-4c1a-9d1b-5e0b6a2f7c10')


class EdxmlError(Exception):
    """A package refused; `code` says why, `params` fill the message."""

    CODES = ('too_large', 'not_xml', 'bad_encoding', 'forbidden',
        'not_edxml', 'missing', 'bad_date', 'date_range', 'bad_value',
        'bad_base64')

    def __init__(self, code, **params):
        assert code in self.CODES, code
        self.code = code
        self.params = params
        # What could be read of the sender before the error, so that the
        # refusal can be answered: (Organ, DocumentId) or None.
        self.answer_to = None
        super().__init__(code, params)


@dataclass
class Organ:
    id: str
    name: str = ''
    in_charge: str = ''  # OrganizationInCharge
    address: str = ''
    email: str = ''
    telephone: str = ''
    fax: str = ''
    website: str = ''


@dataclass
class Attachment:
    name: str
    data: bytes
    content_type: str = 'application/pdf'
    description: str = ''


@dataclass
class Staff:
    "Who handled the package at the sender (StaffInfo)"
    department: str = ''
    name: str = ''
    mobile: str = ''
    email: str = ''


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
    type_detail: str = '0'
    place: str = ''
    content: str = ''
    signer_competence: str = ''
    signer_position: str = ''
    signer_name: str = ''
    due_date: dt.date | None = None
    to_places: list[str] = field(default_factory=list)
    priority: str = '0'
    sphere: str = ''  # SphereOfPromulgation
    typer_notation: str = ''
    promulgation_amount: int | None = None
    page_amount: int | None = None
    appendixes: list[str] = field(default_factory=list)
    steering_type: str = '0'
    response_for: list[str] = field(default_factory=list)  # DocumentIds
    business_type: str = '0'
    business_reason: str = ''
    replacement_for: str = ''  # the DocumentId a replacing document replaces
    staff: Staff = field(default_factory=Staff)
    paper: str = '0'  # 1: a paper copy follows
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

# Characters XML 1.0 cannot carry: dropped rather than writing a package
# nobody can read.
_INVALID = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


class _Element:
    """An element of the package; written with the `edXML:` prefix inside
    the envelope and without it outside, as deployed systems do."""

    def __init__(self, tag, text=None, **attributes):
        "attributes: a double underscore for the colon (xlink__href)"
        self.tag = tag
        self.text = None if text is None else str(text)
        self.attributes = attributes
        self.children = []

    def add(self, tag, text=None, **attributes):
        child = _Element(tag, text, **attributes)
        self.children.append(child)
        return child

    def write(self, out, prefixed, indent=0):
        prefixed = prefixed or self.tag == 'edXMLEnvelope'
        name = f'{PREFIX}:{self.tag}' if prefixed else self.tag
        space = '  ' * indent
        attributes = ''.join(f' {k.replace("__", ":")}={quoteattr(v)}'
            for k, v in self.attributes.items())
        if self.children:
            out.append(f'{space}<{name}{attributes}>')
            for child in self.children:
                child.write(out, prefixed, indent + 1)
            out.append(f'{space}</{name}>')
        elif self.text is None:
            out.append(f'{space}<{name}{attributes} />')
        else:
            text = escape(_INVALID.sub('', self.text))
            out.append(f'{space}<{name}{attributes}>{text}</{name}>')


def _organ(parent, tag, organ):
    element = parent.add(tag)
    element.add('OrganId', organ.id)
    element.add('OrganizationInCharge', organ.in_charge)
    element.add('OrganName', organ.name)
    element.add('OrganAdd', organ.address)
    element.add('Email', organ.email)
    element.add('Telephone', organ.telephone)
    element.add('Fax', organ.fax)
    element.add('Website', organ.website)
    return element


def _date(value):
    return value.strftime(DATE_FORMAT) if value else ''


def _time(value):
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(LOCAL_TIME).strftime(TIME_FORMAT)


def _number(value):
    return '' if value is None else value


def _response_for(parent, answered):
    "ResponseFor names the document answered by its parts and its id"
    organ_id, date, reference = (answered.split(',', 2) + ['', ''])[:3]
    response = parent.add('ResponseFor')
    response.add('OrganId', organ_id)
    response.add('Code', reference)
    response.add('PromulgationDate', date)
    response.add('DocumentId', answered)
    return response


def _root():
    return _Element('edXML', xmlns__xsi=XSI, xmlns__xsd=XSD, xmlns=NAMESPACE)


def _serialize(root):
    out = ['<?xml version="1.0" encoding="utf-8"?>']
    root.write(out, False)
    return ('\n'.join(out) + '\n').encode('utf-8')


def _envelope(root):
    return root.add('edXMLEnvelope', xmlns__edXML=NAMESPACE)


def build(package):
    "Return the edXML bytes of a document or status package"
    if isinstance(package, StatusPackage):
        return _build_status(package)
    root = _root()
    envelope = _envelope(root)
    header = envelope.add('edXMLHeader')
    message = header.add('MessageHeader')
    _organ(message, 'From', package.sender)
    for organ in package.recipients:
        _organ(message, 'To', organ)
    code = message.add('Code')
    code.add('CodeNumber', package.code_number)
    code.add('CodeNotation', package.code_notation)
    info = message.add('PromulgationInfo')
    info.add('Place', package.place)
    info.add('PromulgationDate', _date(package.promulgation_date))
    type_ = message.add('DocumentType')
    type_.add('Type', package.document_type)
    type_.add('TypeName', package.document_type_name)
    type_.add('TypeDetail', package.type_detail)
    message.add('Subject', package.subject)
    message.add('Content', package.content)
    signer = message.add('SignerInfo')
    signer.add('Competence', package.signer_competence)
    signer.add('Position', package.signer_position)
    signer.add('FullName', package.signer_name)
    message.add('DueDate', _date(package.due_date))
    places = message.add('ToPlaces')
    for place in package.to_places:
        places.add('Place', place)
    other = message.add('OtherInfo')
    other.add('Priority', package.priority)
    other.add('SphereOfPromulgation', package.sphere)
    other.add('TyperNotation', package.typer_notation)
    other.add('PromulgationAmount', _number(package.promulgation_amount))
    other.add('PageAmount', _number(package.page_amount))
    appendixes = other.add('Appendixes')
    for appendix in package.appendixes or ['']:
        appendixes.add('Appendix', appendix)
    for answered in package.response_for:
        _response_for(message, answered)
    message.add('SteeringType', package.steering_type)
    message.add('DocumentId', package.document_id)

    # The package's own identifier travels as the id of the trace list.
    traces = header.add('TraceHeaderList', id=package.id, version='1.0',
        mustUnderstand='1', actor='http://schemas.xmlsoap.org/soap/actor/next')
    for organ_id, when in package.trace:
        trace = traces.add('TraceHeader')
        trace.add('OrganId', organ_id)
        trace.add('Timestamp', _time(when))
    business = traces.add('Bussiness')  # sic, as in QCVN 102
    business.add('BussinessDocType', package.business_type)
    business.add('BussinessDocReason', package.business_reason)
    if package.replacement_for:
        replaced = business.add('ReplacementInfoList')
        replaced.add('ReplacementInfo').add(
            'DocumentId', package.replacement_for)
    staff = business.add('StaffInfo')
    staff.add('Department', package.staff.department)
    staff.add('Staff', package.staff.name)
    staff.add('Mobile', package.staff.mobile)
    staff.add('Email', package.staff.email)
    business.add('Paper', package.paper or '0')
    header.add('DigitalSignature')

    manifest = envelope.add('edXMLBody').add('edXMLManifest', version='1.0')
    encoded = root.add('AttachmentEncoded')
    for number, attachment in enumerate(package.attachments, 1):
        content_id = package_id(package.id, package.document_id, number)
        reference = manifest.add('Reference', xmlns__xlink=XLINK,
            xlink__href=f'cid:{content_id}', xlink__role='XLinkRole',
            xlink__type='simple')
        reference.add('Description', attachment.description)
        reference.add('AttachmentName', attachment.name)
        reference.add('ContentType', attachment.content_type)
        element = encoded.add('Attachment')
        element.add('ContentType', attachment.content_type)
        element.add('ContentId', content_id)
        element.add('Description', attachment.description)
        element.add('ContentTransferEncoded',
            base64.b64encode(attachment.data).decode('ascii'))
        element.add('AttachmentName', attachment.name)
    return _serialize(root)


def _build_status(package):
    root = _root()
    envelope = _envelope(root)
    header = envelope.add('edXMLHeader')
    status = header.add('Status')
    response = _response_for(status, package.response_for)
    # The document answered was issued by the recipient of the status.
    response.children[0].text = package.recipient.id
    _organ(status, 'From', package.sender)
    status.add('StatusCode', package.status)
    status.add('Description', package.description)
    status.add('Timestamp', _time(package.timestamp))
    staff = status.add('StaffInfo')
    for tag in ['Department', 'Staff', 'Mobile', 'Email']:
        staff.add(tag, '')
    envelope.add('edXMLBody').add('edXMLManifest', version='1.0')
    return _serialize(root)


# --- parse ------------------------------------------------------------

def _local(element):
    "The name of an element of the edXML namespace (or of none), else None"
    tag = element.tag
    if not isinstance(tag, str):
        return None
    if tag.startswith('{'):
        namespace, _, name = tag[1:].partition('}')
        return name if namespace == NAMESPACE else None
    return tag


class _Reader:
    "Look-ups by name, prefixed or not, naming the missing field on error"

    def __init__(self, element, path=''):
        self.element = element
        self.path = path

    def _find(self, tag):
        for element in self.element:
            if _local(element) == tag:
                return element
        return None

    def child(self, tag, required=True):
        element = self._find(tag)
        if element is None:
            if required:
                raise EdxmlError('missing', field=self._name(tag))
            return None
        return _Reader(element, self._name(tag))

    def children(self, tag):
        return [_Reader(e, self._name(tag))
            for e in self.element if _local(e) == tag]

    def value(self, limit=10000):
        value = (self.element.text or '').strip()
        if len(value) > limit:
            raise EdxmlError('bad_value', field=self.path)
        return value

    def text(self, tag, required=False, limit=10000):
        element = self.child(tag, required=False)
        value = element.value(limit) if element is not None else ''
        if required and not value:
            raise EdxmlError('missing', field=self._name(tag))
        return value

    def date(self, tag, required=False):
        value = self.text(tag, required=required, limit=20)
        if not value:
            return None
        try:
            date = dt.datetime.strptime(value, DATE_FORMAT).date()
        except ValueError:
            raise EdxmlError('bad_date', field=self._name(tag), value=value)
        return _in_range(date, date, self._name(tag), value)

    def timestamp(self, tag):
        "An aware date-time; without offset, in Vietnam time"
        value = self.text(tag, required=True, limit=40)
        for format_ in [TIME_FORMAT, '%Y-%m-%dT%H:%M:%S%z',
                '%Y-%m-%dT%H:%M:%S']:
            try:
                when = dt.datetime.strptime(value, format_)
            except ValueError:
                continue
            if when.tzinfo is None:
                when = when.replace(tzinfo=LOCAL_TIME)
            return _in_range(when, when.date(), self._name(tag), value)
        raise EdxmlError('bad_date', field=self._name(tag), value=value)

    def choice(self, tag, values, default=None):
        value = self.text(tag, limit=10) or default
        if value not in values:
            raise EdxmlError('bad_value', field=self._name(tag))
        return value

    def number(self, tag):
        value = self.text(tag, limit=6)
        if value and not re.fullmatch('[0-9]{1,6}', value):
            raise EdxmlError('bad_value', field=self._name(tag))
        return int(value) if value else None

    def organ(self, tag=None):
        element = self.child(tag) if tag else self
        return Organ(id=element.text('OrganId', required=True, limit=64),
            name=element.text('OrganName', limit=500),
            in_charge=element.text('OrganizationInCharge', limit=500),
            address=element.text('OrganAdd', limit=500),
            email=element.text('Email', limit=200),
            telephone=element.text('Telephone', limit=100),
            fax=element.text('Fax', limit=100),
            website=element.text('Website', limit=200))

    def _name(self, tag):
        return f'{self.path}/{tag}' if self.path else tag


def _in_range(value, date, field, text):
    if not MIN_DATE <= date <= MAX_DATE:
        raise EdxmlError('date_range', field=field, value=text,
            start=MIN_DATE.strftime(DATE_FORMAT),
            end=MAX_DATE.strftime(DATE_FORMAT))
    return value


def _declared_encoding(data):
    match = re.match(rb'\s*<\?xml[^>]*?encoding\s*=\s*["\']([^"\']{0,40})',
        data[:200])
    return match.group(1).decode('ascii', 'replace') if match else ''


def parse(data, max_size):
    "Return the DocumentPackage or StatusPackage of data, or EdxmlError"
    if len(data) > max_size:
        raise EdxmlError('too_large', size=len(data), limit=max_size)
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True,
            forbid_external=True)
    except DefusedXmlException:
        raise EdxmlError('forbidden')
    except LookupError:
        raise EdxmlError('bad_encoding', encoding=_declared_encoding(data))
    except ValueError as error:
        if 'encoding' in str(error):  # multi-byte encodings
            raise EdxmlError('bad_encoding',
                encoding=_declared_encoding(data))
        raise EdxmlError('not_xml')
    except (ET.ParseError, TypeError):
        raise EdxmlError('not_xml')
    name = _local(root)
    if name == 'edXML':
        # The files beside the envelope, or inside it (some senders).
        envelope = _Reader(root).child('edXMLEnvelope')
        envelope.path = ''  # fields are named from the header
        encoded = (_Reader(root).child('AttachmentEncoded', required=False)
            or envelope.child('AttachmentEncoded', required=False))
    elif name == 'edXMLEnvelope':  # the product's former shape
        envelope = _Reader(root)
        encoded = envelope.child('AttachmentEncoded', required=False)
    else:
        raise EdxmlError('not_edxml')
    header = envelope.child('edXMLHeader')
    status = header.child('Status', required=False)
    if status is not None:
        return _parse_status(status)
    message = header.child('MessageHeader')
    try:
        return _parse_document(header, message, encoded)
    except EdxmlError as error:
        error.answer_to = _answer_to(message)
        raise


def _answer_to(message):
    "The sender and the DocumentId of a refused package, if readable"
    try:
        sender = message.organ('From')
        declared = message.text('DocumentId', limit=300)
        if not declared:
            code = message.child('Code')
            declared = document_id(sender.id, message.child(
                    'PromulgationInfo').date('PromulgationDate', True),
                f"{code.text('CodeNumber', True, 20)}/"
                f"{code.text('CodeNotation', True, 100)}")
    except EdxmlError:
        return None
    return sender, declared


def _parse_status(status):
    response = status.child('ResponseFor')
    answered = response.text('DocumentId', required=True, limit=300)
    to = status.child('To', required=False)
    # Deployed systems name no recipient: it is the issuer of the
    # document answered.
    recipient = to.organ() if to is not None else Organ(
        id=response.text('OrganId', limit=64) or answered.split(',', 1)[0])
    if not recipient.id:
        raise EdxmlError('missing', field=response._name('OrganId'))
    return StatusPackage(
        response_for=answered,
        sender=status.organ('From'),
        recipient=recipient,
        status=status.choice('StatusCode', STATUS_CODES),
        description=status.text('Description'),
        timestamp=status.timestamp('Timestamp'),
        id=status.text('MessageId', limit=64))


def _parse_document(header, message, encoded):
    code = message.child('Code')
    info = message.child('PromulgationInfo')
    type_ = message.child('DocumentType', required=False)
    signer = message.child('SignerInfo', required=False)
    other = message.child('OtherInfo', required=False)
    places = message.child('ToPlaces', required=False)
    appendixes = other.child('Appendixes', required=False) if other else None
    recipients = [r.organ() for r in message.children('To')]
    if not recipients:
        raise EdxmlError('missing', field=message._name('To'))
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
        type_detail=type_.text('TypeDetail', limit=50) if type_ else '',
        subject=message.text('Subject', required=True),
        content=message.text('Content', limit=100000),
        signer_competence=(
            signer.text('Competence', limit=100) if signer else ''),
        signer_position=signer.text('Position', limit=200) if signer else '',
        signer_name=signer.text('FullName', limit=200) if signer else '',
        due_date=message.date('DueDate'),
        to_places=[v for v in (p.value(1000) for p in (
                    places.children('Place') if places else [])) if v],
        priority=other.text('Priority', limit=10) or '0' if other else '0',
        sphere=other.text('SphereOfPromulgation', limit=200) if other
        else '',
        typer_notation=other.text('TyperNotation', limit=100) if other
        else '',
        promulgation_amount=(other.number('PromulgationAmount') if other
            else None),
        page_amount=other.number('PageAmount') if other else None,
        appendixes=[v for v in (a.value(1000) for a in (
                    appendixes.children('Appendix') if appendixes else []))
            if v],
        steering_type=message.text('SteeringType', limit=10) or '0',
        response_for=[r.text('DocumentId', required=True, limit=300)
            for r in message.children('ResponseFor')],
        # The former shape carried the identifier in MessageId.
        id=message.text('MessageId', limit=64))
    declared = message.text('DocumentId', limit=300)
    if declared and declared != package.document_id:
        raise EdxmlError('bad_value', field=message._name('DocumentId'))

    traces = header.child('TraceHeaderList', required=False)
    if traces:
        package.id = (traces.element.get('id') or '').strip()[:64] or (
            package.id)
        package.trace = [(t.text('OrganId', required=True, limit=64),
                t.timestamp('Timestamp'))
            for t in traces.children('TraceHeader')]
        business = traces.child('Bussiness', required=False)
        if business:
            package.business_type = business.choice(
                'BussinessDocType', BUSINESS_TYPES, default='0')
            package.business_reason = business.text('BussinessDocReason')
            package.paper = business.text('Paper', limit=10) or '0'
            staff = business.child('StaffInfo', required=False)
            if staff:
                package.staff = Staff(
                    department=staff.text('Department', limit=200),
                    name=staff.text('Staff', limit=200),
                    mobile=staff.text('Mobile', limit=100),
                    email=staff.text('Email', limit=200))
            replaced = business.child('ReplacementInfoList', required=False)
            if replaced:
                infos = replaced.children('ReplacementInfo')
                if infos:
                    package.replacement_for = infos[0].text(
                        'DocumentId', required=True, limit=300)
    if package.business_type == '3' and not package.replacement_for:
        raise EdxmlError('missing',
            field='TraceHeaderList/Bussiness/ReplacementInfoList')

    for element in (encoded.children('Attachment') if encoded else []):
        name = element.text('AttachmentName', required=True, limit=255)
        # The former shape: 'base64' here and the data in Value.
        value = element.child('Value', required=False) or element.child(
            'ContentTransferEncoded')
        try:
            data = base64.b64decode(
                ''.join((value.element.text or '').split()), validate=True)
        except (binascii.Error, ValueError):
            raise EdxmlError('bad_base64', name=name)
        package.attachments.append(Attachment(name=name, data=data,
                content_type=element.text('ContentType', limit=100)
                or 'application/octet-stream',
                description=element.text('Description', limit=500)))
    if not package.attachments:
        raise EdxmlError('missing', field='AttachmentEncoded/Attachment')
    return package
