"""Throw-away PKI, PDFs and images for the signing tests.

Everything is generated in memory: a root CA with a signer and two
organisation certificates (the committee's, its Office's), an expired certificate, and a second CA that the
tests do not trust.
"""
import datetime as dt
import functools
import io
import math
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

# The passphrase of every demo PKCS#12: typed by the signer at each signing
# act (qlvb_demo.tools.sign), never stored by the e-office.
PASSPHRASE = 'mật khẩu 123'
SIGNER_NAME = 'Nguyễn Văn An'
ORGANISATION_NAME = 'Ủy ban nhân dân tỉnh Bình Thuận'
OFFICE_NAME = 'Văn phòng Ủy ban nhân dân tỉnh'


@dataclass(frozen=True)
class PKI:
    ca_pem: bytes
    untrusted_ca_pem: bytes
    signer_p12: bytes
    organisation_p12: bytes
    office_p12: bytes
    expired_p12: bytes
    untrusted_p12: bytes
    passphrase: str = PASSPHRASE


def _name(common_name):
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, 'VN'),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ])


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _certificate(subject, key, issuer=None, issuer_key=None, *, ca=False,
        not_before=None, not_after=None):
    now = dt.datetime.now(dt.timezone.utc)
    issuer_name = issuer.subject if issuer else _name(subject)
    issuer_key = issuer_key or key
    builder = (x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - dt.timedelta(days=1))
        .not_valid_after(not_after or now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None),
            critical=True)
        .add_extension(x509.KeyUsage(
                digital_signature=not ca, content_commitment=not ca,
                key_encipherment=False, data_encipherment=False,
                key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                encipher_only=False, decipher_only=False),
            critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
            critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(
                issuer_key.public_key()),
            critical=False))
    return builder.sign(issuer_key, hashes.SHA256())


def _p12(name, key, cert, ca_cert, passphrase=PASSPHRASE):
    return pkcs12.serialize_key_and_certificates(
        name.encode('utf-8'), key, cert, [ca_cert],
        serialization.BestAvailableEncryption(passphrase.encode('utf-8')))


def _pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def certificate_authority(name):
    "A root CA (PEM) and a function issuing PKCS#12 files it signs"
    ca_key = _key()
    ca = _certificate(name, ca_key, ca=True)

    def issue(subject):
        key = _key()
        return _p12(subject, key, _certificate(subject, key, ca, ca_key), ca)
    return _pem(ca), issue


@functools.cache
def make_pki() -> PKI:
    "Generate the test PKI once per process (RSA keys take a while)."
    now = dt.datetime.now(dt.timezone.utc)
    ca_key = _key()
    ca = _certificate('Test Root CA qlvb', ca_key, ca=True)

    def issue(subject, **kw):
        key = _key()
        cert = _certificate(subject, key, ca, ca_key, **kw)
        return _p12(subject, key, cert, ca)

    other_key = _key()
    other_ca = _certificate('Untrusted CA', other_key, ca=True)
    stranger_key = _key()
    stranger = _certificate(
        'Người Lạ', stranger_key, other_ca, other_key)
    return PKI(
        ca_pem=_pem(ca),
        untrusted_ca_pem=_pem(other_ca),
        signer_p12=issue(SIGNER_NAME),
        organisation_p12=issue(ORGANISATION_NAME),
        office_p12=issue(OFFICE_NAME),
        expired_p12=issue('Hết Hạn',
            not_before=now - dt.timedelta(days=400),
            not_after=now - dt.timedelta(days=35)),
        untrusted_p12=_p12('Người Lạ', stranger_key, stranger, other_ca),
        )


def blank_pdf(pages=1, text=None) -> bytes:
    """A small valid A4 PDF; `text` (ASCII) is written uncompressed on each
    page so tests can find and alter it."""
    objects = [
        b'<< /Type /Catalog /Pages 2 0 R >>',
        None,  # page tree, filled in once the kids are known
        b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
        ]
    kids = []
    for number in range(1, pages + 1):
        line = text or 'Page %d' % number
        line = line.replace('\\', '\\\\').replace('(', '\\(').replace(')', '\\)')
        stream = b'BT /F1 14 Tf 72 770 Td (%s) Tj ET' % line.encode('ascii')
        objects.append(
            b'<< /Length %d >>\nstream\n%s\nendstream' % (len(stream), stream))
        content = len(objects)
        objects.append(
            b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] '
            b'/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>'
            % content)
        kids.append(b'%d 0 R' % len(objects))
    objects[1] = b'<< /Type /Pages /Kids [%s] /Count %d >>' % (
        b' '.join(kids), pages)

    out = io.BytesIO()
    out.write(b'%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b'%d 0 obj\n%s\nendobj\n' % (number, body))
    xref = out.tell()
    out.write(b'xref\n0 %d\n0000000000 65535 f \n' % (len(objects) + 1))
    for offset in offsets:
        out.write(b'%010d 00000 n \n' % offset)
    out.write(b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n'
        % (len(objects) + 1, xref))
    return out.getvalue()


def _png(image, dpi=None):
    out = io.BytesIO()
    image.save(out, 'PNG', **({'dpi': (dpi, dpi)} if dpi else {}))
    return out.getvalue()


def signature_png() -> bytes:
    "A blue hand-written-looking stroke on a transparent background."
    from PIL import Image, ImageDraw
    image = Image.new('RGBA', (360, 150), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    blue = (20, 40, 180, 255)
    points = [(20 + x, 85 - 45 * math.sin(x / 22) * math.exp(-x / 400))
        for x in range(0, 300, 3)]
    draw.line(points, fill=blue, width=6, joint='curve')
    draw.line([(60, 125), (330, 105)], fill=blue, width=4)
    return _png(image)


def seal_png() -> bytes:
    "A red round seal with a star, 300 px at 200 dpi (about 38 mm)."
    from PIL import Image, ImageDraw
    size = 300
    image = Image.new('RGBA', (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (210, 20, 30, 230)
    draw.ellipse((4, 4, size - 4, size - 4), outline=red, width=10)
    draw.ellipse((40, 40, size - 40, size - 40), outline=red, width=4)
    centre, outer, inner = size / 2, 70, 28
    star = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.pi / 2 + i * math.pi / 5
        star.append((centre + radius * math.cos(angle),
                centre - radius * math.sin(angle)))
    draw.polygon(star, fill=red)
    return _png(image, dpi=200)
