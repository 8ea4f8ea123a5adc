"""PAdES signatures on documents, as Decree 30/2020/ND-CP Appendix I lays
them out.

The person who signs a document signs first, visibly: title on top, the
signature image, the name below.  The issuing organisation then signs in an
incremental update with its red seal overlapping the left third of that
signature image.  An attachment filed separately carries only the
organisation's text signature (number/symbol and time) at the top right of
its first page.

This module knows nothing of Tryton: PDF bytes in, signed PDF bytes out.
"""
from __future__ import annotations

import abc
import datetime as dt
import functools
import hashlib
import io
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

import uharfbuzz as hb
from asn1crypto import keys as asn1_keys, pkcs12 as asn1_pkcs12
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from fontTools.ttLib import TTFont
from PIL import Image
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.content import ResourceType
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
from pyhanko.pdf_utils.generic import ArrayObject, NumberObject, pdf_name
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import (
    EmbeddedPdfSignature, KeyUsageConstraints, SignatureCoverageLevel,
    validate_pdf_signature)
from pyhanko.stamp import BaseStamp, BaseStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

__all__ = [
    'Appearance', 'PKCS12Signer', 'SignatureInfo', 'Signer', 'SigningError',
    'VerificationResult', 'default_signer_box', 'seal_box',
    'sign_as_organisation', 'sign_as_signer', 'sign_attachment',
    'signature_box', 'verify',
    ]

VIETNAM = dt.timezone(dt.timedelta(hours=7), 'ICT')  # no DST in Vietnam
MM = 72 / 25.4
# Decree 30 page margins: 20-25 mm at the bottom, 15-20 mm on the right
SIGNER_BOX_SIZE = (200, 120)
SIGNER_MARGINS = (20 * MM, 25 * MM)  # right, bottom
ATTACHMENT_MARGINS = (20 * MM, 20 * MM)  # right, top
SEAL_MAX_SIZE = 50 * MM  # real seals are 35-42 mm across
# Liberation Serif is metric-compatible with Times New Roman, the decree's
# font, but has Vietnamese glyphs only from version 2 (Debian's
# fonts-liberation2); any TrueType font with them will do.
FONT_FILES = [
    '/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf',
    '/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf',
    '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf',
    ]


class SigningError(Exception):
    """Signing or verification failed; `code` tells the caller why."""

    CODES = ('not_pdf', 'bad_passphrase', 'bad_certificate', 'expired',
        'not_yet_valid', 'no_private_key', 'sign_failed')

    def __init__(self, code: str, message: str | None = None):
        assert code in self.CODES, code
        self.code = code
        super().__init__(message or code)


@dataclass(frozen=True)
class Appearance:
    """What a visible signature shows in its box: `top` text, an image
    scaled to fit the space left, and `bottom` text.  Text may span several
    lines and shrinks to fit the box width."""
    top: str = ''
    image_png: bytes | None = None
    bottom: str = ''
    font_size: float = 11
    align: str = 'center'  # or 'left'
    margin: float = 2


class Signer(abc.ABC):
    """A key able to sign PDFs: a PKCS#12 file here, a USB token or a remote
    signing service later."""

    @property
    @abc.abstractmethod
    def subject_name(self) -> str:
        "The common name of the signing certificate."

    @abc.abstractmethod
    def sign(self, pdf: bytes, *, field_name: str, page: int = -1,
            box: tuple[float, float, float, float] | None = None,
            stamp: Appearance | None = None, reason: str | None = None,
            signing_time: dt.datetime | None = None) -> bytes:
        """Return `pdf` with a new signature in field `field_name`, added as
        an incremental update.  The signature is visible when both `box`
        (x1, y1, x2, y2 in points on page `page`) and `stamp` are given."""


class PKCS12Signer(Signer):
    """Signs with the key and certificate of a PKCS#12 (.p12/.pfx) file."""

    def __init__(self, data: bytes, passphrase: bytes | str | None, *,
            now: dt.datetime | None = None):
        if isinstance(passphrase, str):
            passphrase = passphrase.encode('utf-8')
        try:
            key, cert, others = pkcs12.load_key_and_certificates(
                data, passphrase)
        except (ValueError, TypeError) as exc:
            if _is_pkcs12(data):
                raise SigningError('bad_passphrase',
                    "Wrong passphrase for the certificate file") from exc
            raise SigningError('bad_certificate',
                "Not a PKCS#12 certificate file") from exc
        if cert is None:
            raise SigningError('bad_certificate',
                "The file holds no certificate")
        if key is None:
            raise SigningError('no_private_key',
                "The file holds no private key")
        now = _aware(now or dt.datetime.now(dt.timezone.utc))
        if now < cert.not_valid_before_utc:
            raise SigningError('not_yet_valid',
                "The certificate is not valid yet")
        if now > cert.not_valid_after_utc:
            raise SigningError('expired', "The certificate has expired")

        self.certificate = cert
        names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        self._subject_name = (
            names[0].value if names else cert.subject.rfc4514_string())
        der = serialization.Encoding.DER
        self._signer = signers.SimpleSigner(
            signing_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
            signing_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
                    der, serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption())),
            # the chain goes into the signature so verifiers can build a path
            cert_registry=SimpleCertificateStore.from_certs(
                [asn1_x509.Certificate.load(c.public_bytes(der))
                    for c in others]))

    @property
    def subject_name(self) -> str:
        return self._subject_name

    def sign(self, pdf, *, field_name, page=-1, box=None, stamp=None,
            reason=None, signing_time=None):
        if stamp is not None and box is None:
            raise ValueError("A visible signature needs a box")
        writer = _writer(pdf)
        visible = stamp is not None
        pdf_signer = _PdfSigner(
            signers.PdfSignatureMetadata(
                field_name=field_name, reason=reason, md_algorithm='sha256',
                subfilter=fields.SigSeedSubFilter.PADES),
            self._signer,
            stamp_style=_StampStyle(appearance=stamp) if visible else None,
            new_field_spec=fields.SigFieldSpec(field_name,
                on_page=_page_index(writer, page),
                box=tuple(box) if visible else None),
            signing_time=_aware(signing_time) if signing_time else None)
        try:
            return pdf_signer.sign_pdf(writer).getvalue()
        except Exception as exc:
            raise SigningError('sign_failed', str(exc)) from exc


def default_signer_box(pdf: bytes, page: int = -1) -> tuple:
    "Bottom-right box where `sign_as_signer` puts the signature by default."
    _, bottom, right, _ = _page_rect(_reader(pdf), page)
    width, height = SIGNER_BOX_SIZE
    x2 = right - SIGNER_MARGINS[0]
    y1 = bottom + SIGNER_MARGINS[1]
    return _rounded((x2 - width, y1, x2, y1 + height))


def sign_as_signer(pdf: bytes, signer: Signer, *, image_png: bytes | None,
        title: str, name: str, page: int = -1, box: tuple | None = None,
        now: dt.datetime | None = None) -> bytes:
    """The signer's visible signature in field 'Signer': `title` on top, the
    signature image between, `name` at the bottom.  `box` defaults to
    `default_signer_box`; `signature_box(result)` gives it back."""
    box = box or default_signer_box(pdf, page)
    return signer.sign(pdf, field_name='Signer', page=page, box=box,
        stamp=Appearance(top=title, image_png=image_png, bottom=name),
        signing_time=now)


def seal_box(seal_png: bytes, signer_box: tuple) -> tuple:
    """Where the seal goes: at its actual size, its right edge a third into
    the signer box, vertically centred on it."""
    width, height = _seal_size(seal_png)
    x1, y1, x2, y2 = signer_box
    right = x1 + (x2 - x1) / 3
    middle = (y1 + y2) / 2
    return _rounded(
        (right - width, middle - height / 2, right, middle + height / 2))


def sign_as_organisation(pdf: bytes, signer: Signer, *, seal_png: bytes,
        signer_box: tuple | None = None, page: int = -1,
        now: dt.datetime | None = None) -> bytes:
    """The organisation's signature in field 'Organisation', shown as its
    seal over the left third of the signer's signature.  `signer_box`
    defaults to the box of the existing 'Signer' field."""
    if signer_box is None:
        signer_box = signature_box(pdf, 'Signer')
    return signer.sign(pdf, field_name='Organisation', page=page,
        box=seal_box(seal_png, signer_box),
        stamp=Appearance(image_png=seal_png, margin=0), signing_time=now)


def sign_attachment(pdf: bytes, signer: Signer, *, reference: str,
        signed_at: dt.datetime) -> bytes:
    """The organisation's signature on an attachment filed separately: the
    document's number/symbol and the signing time (ISO 8601, Vietnam time)
    at the top right of page 1, Times New Roman 10 pt.  A naive `signed_at`
    is taken as UTC, as Tryton stores it."""
    signed_at = _aware(signed_at)
    text = '%s\n%s' % (
        reference, signed_at.astimezone(VIETNAM).isoformat(timespec='seconds'))
    size = 10
    # slack so rounding never shrinks the text below 10 pt
    width = max(_text_width(line, size) for line in text.splitlines()) + 4
    height = 2.4 * size
    _, _, right, top = _page_rect(_reader(pdf), 0)
    x2 = right - ATTACHMENT_MARGINS[0]
    y2 = top - ATTACHMENT_MARGINS[1]
    return signer.sign(pdf, field_name='Organisation', page=0,
        box=_rounded((x2 - width, y2 - height, x2, y2)),
        stamp=Appearance(top=text, font_size=size, align='left', margin=1),
        signing_time=signed_at)


def signature_box(pdf: bytes, field_name: str) -> tuple:
    "The box (x1, y1, x2, y2) of the signature field `field_name`."
    for sig in _reader(pdf).embedded_regular_signatures:
        if sig.field_name == field_name:
            x1, y1, x2, y2 = (float(v) for v in sig.sig_field['/Rect'])
            return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
    raise KeyError(field_name)


@dataclass(frozen=True)
class SignatureInfo:
    field: str
    signer_name: str
    signing_time: dt.datetime | None  # as claimed by the signer
    intact: bool  # the signed bytes are unchanged
    valid: bool  # intact and the signature matches the certificate
    trusted: bool  # the certificate chains to one of the trust roots
    covers_whole_file: bool  # nothing but signatures was added after it
    broken: bool = False  # damaged: it cannot even be evaluated


@dataclass(frozen=True)
class VerificationResult:
    signatures: list[SignatureInfo] = field(default_factory=list)

    @property
    def tampered(self) -> bool:
        return any(not s.intact or not s.covers_whole_file
            for s in self.signatures)

    @property
    def broken(self) -> bool:
        return any(s.broken for s in self.signatures)

    @property
    def signer_count(self) -> int:
        """The number of distinct signers: a document signed by its signer
        and sealed by its organisation has two"""
        return len({s.signer_name for s in self.signatures})

    @property
    def all_trusted(self) -> bool:
        "At least one signature, and all of them valid and trusted."
        return bool(self.signatures) and all(
            s.valid and s.trusted for s in self.signatures)


# Vietnamese CA issue signing certificates with digitalSignature and
# nonRepudiation; pyHanko alone would insist on nonRepudiation.
_KEY_USAGE = KeyUsageConstraints(
    key_usage={'digital_signature', 'non_repudiation'})
# Later revisions may only add or fill signature fields.
_ALLOWED_AFTER = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES,
    ModificationLevel.FORM_FILLING)


# Verified files of the last minutes, by digest of the file and the roots.
# A registration that loses the race for its number is run again by
# trytond from the start: the second run finds its verification here
# instead of redoing it while other clerks wait for the register.
_VERIFIED = OrderedDict()
_VERIFIED_LOCK = threading.Lock()
VERIFIED_SIZE = 256
VERIFIED_SECONDS = 600


def verify(pdf: bytes, trust_roots: list[bytes]) -> VerificationResult:
    """Check every signature of `pdf` against `trust_roots` (PEM or DER
    certificates), offline: no revocation data is fetched."""
    digest = hashlib.sha256(pdf)
    for root in trust_roots:
        digest.update(hashlib.sha256(root).digest())
    key = digest.digest()
    now = time.monotonic()
    with _VERIFIED_LOCK:
        found = _VERIFIED.get(key)
        if found and now - found[0] < VERIFIED_SECONDS:
            return found[1]
    result = _verify(pdf, trust_roots)
    with _VERIFIED_LOCK:
        _VERIFIED[key] = (now, result)
        _VERIFIED.move_to_end(key)
        while len(_VERIFIED) > VERIFIED_SIZE:
            _VERIFIED.popitem(last=False)
    return result


def _verify(pdf: bytes, trust_roots: list[bytes]) -> VerificationResult:
    reader = _reader(pdf)
    try:
        roots = [cert for data in trust_roots
            for cert in load_certs_from_pemder_data(data)]
    except ValueError as exc:
        raise SigningError('bad_certificate',
            "Unreadable trust root certificate") from exc
    signatures = []
    embedded, broken = _embedded_signatures(reader)
    names = {sig.field_name for sig in embedded} | set(broken)
    for sig in embedded:
        context = ValidationContext(trust_roots=roots, allow_fetching=False,
            revocation_mode='soft-fail')
        try:
            status = validate_pdf_signature(sig, context,
                key_usage_settings=_KEY_USAGE)
        except Exception:
            # a signature pyHanko cannot even evaluate counts as broken
            signatures.append(SignatureInfo(field=sig.field_name,
                    signer_name=_signer_name(sig), signing_time=None,
                    intact=False, valid=False, trusted=False,
                    covers_whole_file=False, broken=True))
            continue
        covered = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
            status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
            and status.docmdp_ok is not False
            and status.modification_level in _ALLOWED_AFTER
            and _only_signature_fields_changed(status, names))
        signatures.append(SignatureInfo(
            field=sig.field_name,
            signer_name=_common_name(status.signing_cert),
            signing_time=status.signer_reported_dt,
            intact=status.intact,
            valid=status.intact and status.valid,
            trusted=status.intact and status.valid and status.trusted,
            covers_whole_file=covered))
    signatures += [SignatureInfo(field=name, signer_name='',
            signing_time=None, intact=False, valid=False, trusted=False,
            covers_whole_file=False, broken=True) for name in broken]
    return VerificationResult(signatures)


def _embedded_signatures(reader):
    """The signatures of `reader` that can be evaluated, in signing order,
    and the names of the fields whose signature is damaged (a garbage
    /ByteRange, a zeroed or truncated CMS, an unknown /SubFilter): pyHanko
    raises on those while listing them, or skips them."""
    try:
        sig_fields = list(fields.enumerate_sig_fields(
                reader, filled_status=True))
    except Exception:
        return [], ['']  # the form itself is damaged
    embedded, broken = [], []
    for name, sig_object, sig_field in sig_fields:
        try:
            kind = sig_object.get_object().get('/Type', '/Sig')
            if kind == '/DocTimeStamp':
                continue
            subfilter = sig_object.get_object().get('/SubFilter')
            if subfilter not in {f.value for f in fields.SigSeedSubFilter}:
                raise ValueError(subfilter)
            sig = EmbeddedPdfSignature(reader, sig_field, name)
            sig.signed_revision  # read from the /ByteRange
        except Exception:
            broken.append(name)
        else:
            embedded.append(sig)
    embedded.sort(key=lambda sig: sig.signed_revision)
    return embedded, broken


def _only_signature_fields_changed(status, names) -> bool:
    # FORM_FILLING would also let later revisions fill text fields, which
    # could change what the reader sees; only signatures may be added.
    changed = getattr(status.diff_result, 'changed_form_fields', None)
    if changed is None:
        return False
    return set(changed) <= names


class _PdfSigner(signers.PdfSigner):
    "PdfSigner whose signing time can be set rather than read from the clock."

    def __init__(self, *args, signing_time=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only)
        if self._signing_time is not None:
            session.system_time = self._signing_time
        return session


@dataclass(frozen=True)
class _StampStyle(BaseStampStyle):
    "Adapts an `Appearance` to pyHanko's stamp machinery."
    appearance: Appearance = Appearance()
    border_width: int = 0

    def create_stamp(self, writer, box, text_params):
        return _Stamp(writer=writer, style=self, box=box)


class _Stamp(BaseStamp):

    def _render_inner_content(self):
        look = self.style.appearance
        width, height = self.box.width, self.box.height
        ops = [b'q']
        top, bottom = height - look.margin, look.margin
        if look.top or look.bottom:
            font = _Glyphs(self.writer)
            self.set_resource(ResourceType.FONT, pdf_name('/F1'),
                font.as_resource())
            if look.top:
                text, used = self._text(font, look.top, top, from_top=True)
                ops.append(text)
                top -= used
            if look.bottom:
                text, used = self._text(font, look.bottom, bottom,
                    from_top=False)
                ops.append(text)
                bottom += used
        if look.image_png:
            ops.append(self._image(look.image_png, look.margin, bottom,
                    width - 2 * look.margin, top - bottom))
        ops.append(b'Q')
        return ops

    def _text(self, font, text, edge, from_top):
        """Lines of text hanging from `edge` (or standing on it); returns
        the operators and the height used."""
        look = self.style.appearance
        lines = text.splitlines()
        room = self.box.width - 2 * look.margin
        size = look.font_size
        font.font_size = size
        widest = max(font.shape(line).x_advance for line in lines) * size
        if widest > room:
            size = size * room / widest
            font.font_size = size
        leading = 1.15 * size
        used = leading * (len(lines) - 1) + 1.1 * size
        # baselines: ascent ~0.9 em, descent ~0.2 em
        y = edge - 0.9 * size if from_top else edge + used - 0.9 * size
        ops = [b'0 g']
        for line in lines:
            shaped = font.shape(line)
            x = look.margin
            if look.align == 'center':
                x = (self.box.width - shaped.x_advance * size) / 2
            ops.append(b'BT /F1 %g Tf %g %g Td %s ET'
                % (size, x, y, shaped.graphics_ops))
            y -= leading
        return b' '.join(ops), used + 0.15 * size

    def _image(self, png, x, y, room_width, room_height):
        image = Image.open(io.BytesIO(png))
        if image.mode not in ('RGB', 'RGBA', 'L', 'LA'):
            image = image.convert('RGBA')  # palette PNGs lose alpha otherwise
        scale = min(room_width / image.width, room_height / image.height)
        width, height = image.width * scale, image.height * scale
        content = PdfImage(image, writer=self.writer,
            box=layout.BoxConstraints(width, height))
        drawing = content.render()
        self.import_resources(content.resources)
        return b'q 1 0 0 1 %g %g cm %s Q' % (
            x + (room_width - width) / 2, y + (room_height - height) / 2,
            drawing)


@functools.cache
def _font_file() -> str:
    "The first of FONT_FILES that has Vietnamese glyphs."
    for path in FONT_FILES:
        if os.path.exists(path):
            cmap = TTFont(path, lazy=True).getBestCmap()
            if all(ord(c) in cmap for c in _VIETNAMESE):
                return path
    raise SigningError('sign_failed',
        "No TrueType font with Vietnamese glyphs found: install "
        "fonts-liberation2")


_VIETNAMESE = 'ĐđƠơƯưẠạẦầỄễỦủỊịỹ'


class _Glyphs(GlyphAccumulator):
    """The signature font, embedded as a subset.

    pyHanko 0.38 writes glyph widths and TJ adjustments in font units while
    PDF reads them as thousandths of an em, so a TrueType font with 2048
    units per em comes out twice as wide: shape and measure in thousandths.
    """

    def __init__(self, writer):
        with open(_font_file(), 'rb') as f:
            super().__init__(writer, io.BytesIO(f.read()), font_size=10)
        self._to_thousandths = 1000 / self.units_per_em
        self.units_per_em = 1000
        self.hb_font.scale = (1000, 1000)
        descriptor = self.cidfont_obj._font_descriptor
        for key in ('/Ascent', '/Descent', '/CapHeight'):
            descriptor[key] = NumberObject(
                round(descriptor[key] * self._to_thousandths))
        descriptor['/FontBBox'] = ArrayObject(
            NumberObject(round(v * self._to_thousandths))
            for v in descriptor['/FontBBox'])

    def _get_cid_and_width(self, glyph_id):
        if glyph_id not in self._glyphs:
            cid, width = super()._get_cid_and_width(glyph_id)
            self._glyphs[glyph_id] = (cid, round(width * self._to_thousandths))
        return self._glyphs[glyph_id]


def _text_width(text: str, size: float) -> float:
    "Width in points of `text` shaped as pyHanko will shape it."
    face = _hb_face()
    font = hb.Font(face)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf)
    return sum(p.x_advance for p in buf.glyph_positions) / face.upem * size


@functools.cache
def _hb_face():
    with open(_font_file(), 'rb') as f:
        return hb.Face(f.read())


def _seal_size(png: bytes) -> tuple[float, float]:
    """Actual size in points from the PNG's DPI (72 dpi when it has none),
    scaled down to at most SEAL_MAX_SIZE."""
    image = Image.open(io.BytesIO(png))
    dpi_x, dpi_y = image.info.get('dpi') or (72, 72)
    width = image.width * 72 / (float(dpi_x) or 72)
    height = image.height * 72 / (float(dpi_y) or 72)
    scale = min(1, SEAL_MAX_SIZE / max(width, height))
    return width * scale, height * scale


def _reader(pdf: bytes) -> PdfFileReader:
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        reader.root['/Pages']  # a PDF without pages is no document
    except Exception as exc:
        raise SigningError('not_pdf', "Not a readable PDF file") from exc
    return reader


def _writer(pdf: bytes) -> IncrementalPdfFileWriter:
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        writer.root['/Pages']
    except Exception as exc:
        raise SigningError('not_pdf', "Not a readable PDF file") from exc
    return writer


def _page_index(pdf_handler, page: int) -> int:
    count = int(pdf_handler.root['/Pages']['/Count'])
    index = page + count if page < 0 else page
    if not 0 <= index < count:
        raise ValueError("The document has no page %d" % page)
    return index


def _page_rect(reader, page: int) -> tuple[float, float, float, float]:
    page_ref, _ = reader.find_page_for_modification(
        _page_index(reader, page))
    node = page_ref.get_object()
    while node is not None:  # /CropBox and /MediaBox are inheritable
        for key in ('/CropBox', '/MediaBox'):
            if key in node:
                x1, y1, x2, y2 = (float(v) for v in node[key])
                return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
        node = node.get('/Parent')
        node = node.get_object() if node is not None else None
    return (0, 0, 595, 842)  # A4, the decree's paper size


def _is_pkcs12(data: bytes) -> bool:
    try:
        pfx = asn1_pkcs12.Pfx.load(data)
        pfx['auth_safe']['content_type'].native
        return True
    except Exception:
        return False


def _common_name(cert) -> str:
    if cert is None:
        return ''
    return cert.subject.native.get('common_name') or cert.subject.human_friendly


def _signer_name(sig) -> str:
    try:
        return _common_name(sig.signer_cert)
    except Exception:  # the signature container itself is damaged
        return ''


def _rounded(box):
    return tuple(round(v, 2) for v in box)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
