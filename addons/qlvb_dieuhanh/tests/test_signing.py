"""PAdES signing and verification (Decree 30/2020 Appendix I layout)."""
import datetime as dt
import io
import re
import unittest

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.pdf_utils.generic import StreamObject, read_string_from_stream
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from trytond.modules.qlvb_signature.signing import (
    PKCS12Signer, SigningError, default_signer_box, sign_as_organisation,
    sign_as_signer, sign_attachment, signature_box, verify)

from qlvb_demo.pki import (
    ORGANISATION_NAME, SIGNER_NAME, blank_pdf, make_pki, seal_png,
    signature_png)

UTC = dt.timezone.utc
SIGNED_AT = dt.datetime(2026, 11, 27, 2, 15, tzinfo=UTC)
TEXT = b'Quyet dinh so 15 ve viec giao chi tieu'


class SigningTestCase(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.pki = make_pki()
        cls.pdf = blank_pdf(pages=2, text=TEXT.decode())
        cls.signer = PKCS12Signer(cls.pki.signer_p12, cls.pki.passphrase)
        cls.organisation = PKCS12Signer(
            cls.pki.organisation_p12, cls.pki.passphrase.encode('utf-8'))

    def sign_by_signer(self, signer=None):
        return sign_as_signer(self.pdf, signer or self.signer,
            image_png=signature_png(), title='KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH',
            name=SIGNER_NAME, now=SIGNED_AT)

    def test_signer_then_organisation(self):
        "Both signatures verify, the seal overlaps the signer's left third"
        signed = self.sign_by_signer()
        signer_box = signature_box(signed, 'Signer')
        self.assertEqual(signer_box, default_signer_box(self.pdf))
        sealed = sign_as_organisation(signed, self.organisation,
            seal_png=seal_png(), signer_box=signer_box,
            now=SIGNED_AT + dt.timedelta(minutes=5))
        self.assertTrue(sealed.startswith(signed), "incremental update")

        result = verify(sealed, [self.pki.ca_pem])
        self.assertEqual(
            [(s.field, s.signer_name, s.signing_time)
                for s in result.signatures],
            [('Signer', SIGNER_NAME, SIGNED_AT),
                ('Organisation', ORGANISATION_NAME,
                    SIGNED_AT + dt.timedelta(minutes=5))])
        for sig in result.signatures:
            self.assertTrue(sig.intact and sig.valid and sig.trusted, sig)
            self.assertTrue(sig.covers_whole_file, sig)
        self.assertFalse(result.tampered)
        self.assertTrue(result.all_trusted)

        x1, y1, x2, y2 = signer_box
        s1, t1, s2, t2 = signature_box(sealed, 'Organisation')
        self.assertAlmostEqual(s2, x1 + (x2 - x1) / 3, delta=1)
        self.assertLess(s1, x1)
        self.assertAlmostEqual((t1 + t2) / 2, (y1 + y2) / 2, delta=1)
        # 300 px at 200 dpi is 108 pt, the seal's actual size
        self.assertAlmostEqual(s2 - s1, 108, delta=0.5)

        reader = PdfFileReader(io.BytesIO(sealed))
        last_page = reader.find_page_for_modification(-1)[0]
        for sig in reader.embedded_signatures:
            self.assertEqual(sig.sig_field.raw_get('/P'), last_page)

    def test_one_byte_changed(self):
        "Changing one byte of signed content is detected"
        signed = self.sign_by_signer()
        self.assertEqual(signed.count(TEXT), 2)
        forged = signed.replace(TEXT, TEXT[:-1] + b'X', 1)
        result = verify(forged, [self.pki.ca_pem])
        self.assertFalse(result.signatures[0].intact)
        self.assertFalse(result.signatures[0].valid)
        self.assertTrue(result.tampered)
        self.assertFalse(result.all_trusted)

    def test_unsigned_change_after_signing(self):
        "Content added after the last signature is detected"
        signed = self.sign_by_signer()
        writer = IncrementalPdfFileWriter(io.BytesIO(signed))
        writer.add_stream_to_page(0, writer.add_object(StreamObject(
                    stream_data=b'0 0 1 rg 100 100 200 200 re f')))
        out = io.BytesIO()
        writer.write(out)
        result = verify(out.getvalue(), [self.pki.ca_pem])
        sig, = result.signatures
        self.assertTrue(sig.intact and sig.valid)
        self.assertFalse(sig.covers_whole_file)
        self.assertTrue(result.tampered)

    def test_untrusted_ca(self):
        "A certificate from another CA is valid but not trusted"
        signed = self.sign_by_signer(
            PKCS12Signer(self.pki.untrusted_p12, self.pki.passphrase))
        result = verify(signed, [self.pki.ca_pem])
        sig, = result.signatures
        self.assertTrue(sig.intact and sig.valid)
        self.assertFalse(sig.trusted)
        self.assertFalse(result.tampered)
        self.assertFalse(result.all_trusted)

        # trust roots may also be given as DER
        der = x509.load_pem_x509_certificate(
            self.pki.untrusted_ca_pem).public_bytes(Encoding.DER)
        self.assertTrue(verify(signed, [self.pki.ca_pem, der]).all_trusted)

    def test_verification_remembered(self):
        "A file verified again (a registration run again) is not re-checked"
        signed = self.sign_by_signer(
            PKCS12Signer(self.pki.untrusted_p12, self.pki.passphrase))
        first = verify(signed, [self.pki.ca_pem])
        self.assertIs(verify(signed, [self.pki.ca_pem]), first)
        # Other trust roots or another byte: a verdict of its own
        der = x509.load_pem_x509_certificate(
            self.pki.untrusted_ca_pem).public_bytes(Encoding.DER)
        self.assertTrue(verify(signed, [self.pki.ca_pem, der]).all_trusted)
        self.assertFalse(verify(signed, [self.pki.ca_pem]).all_trusted)
        changed = bytearray(signed)
        at = signed.index(TEXT)
        changed[at] ^= 1
        self.assertTrue(verify(bytes(changed), [self.pki.ca_pem]).tampered)

    def assertRefused(self, code, *args, **kwargs):
        with self.assertRaises(SigningError) as cm:
            PKCS12Signer(*args, **kwargs)
        self.assertEqual(cm.exception.code, code)

    def test_certificate_refused(self):
        "Expired, not yet valid, wrong passphrase and junk are refused"
        pki = self.pki
        self.assertRefused('expired', pki.expired_p12, pki.passphrase)
        self.assertRefused('not_yet_valid', pki.signer_p12, pki.passphrase,
            now=dt.datetime(2000, 1, 1))
        self.assertRefused('expired', pki.signer_p12, pki.passphrase,
            now=dt.datetime.now(UTC) + dt.timedelta(days=400))
        self.assertRefused('bad_passphrase', pki.signer_p12, 'wrong')
        self.assertRefused('bad_passphrase', pki.signer_p12, None)
        self.assertRefused('bad_certificate', b'not a certificate', 'x')

    def test_not_pdf(self):
        "Input that is no PDF is refused with 'not_pdf'"
        for data in [b'', b'hello world', b'%PDF-1.7\ngarbage']:
            with self.assertRaises(SigningError) as cm:
                verify(data, [self.pki.ca_pem])
            self.assertEqual(cm.exception.code, 'not_pdf')
            with self.assertRaises(SigningError) as cm:
                sign_as_signer(data, self.signer, image_png=None,
                    title='CHỦ TỊCH', name=SIGNER_NAME)
            self.assertEqual(cm.exception.code, 'not_pdf')

    def test_attachment(self):
        "An attachment gets number and time top right on page 1"
        signed = sign_attachment(self.pdf, self.organisation,
            reference='15/QĐ-UBND',
            signed_at=SIGNED_AT.replace(tzinfo=None))  # Tryton's naive UTC
        result = verify(signed, [self.pki.ca_pem])
        sig, = result.signatures
        self.assertEqual(sig.field, 'Organisation')
        self.assertEqual(sig.signer_name, ORGANISATION_NAME)
        self.assertEqual(sig.signing_time, SIGNED_AT)
        self.assertTrue(result.all_trusted)
        self.assertFalse(result.tampered)

        reader = PdfFileReader(io.BytesIO(signed))
        field, = (s.sig_field for s in reader.embedded_signatures)
        self.assertEqual(field.raw_get('/P'),
            reader.find_page_for_modification(0)[0])
        x1, y1, x2, y2 = signature_box(signed, 'Organisation')
        self.assertGreater(x1, 595 / 2)
        self.assertGreater(y1, 842 * 0.85)

        appearance = field['/AP']['/N']
        content = appearance.data
        self.assertIn(b'/F1 10 Tf', content)
        actual_texts = [
            _pdf_text(m) for m in re.findall(
                rb'/ActualText (\((?:\\.|[^\\)])*\))', content)]
        self.assertEqual(actual_texts,
            ['15/QĐ-UBND', '2026-11-27T09:15:00+07:00'])

        font = appearance['/Resources']['/Font']['/F1']
        self.assertEqual(font['/Subtype'], '/Type0')
        descendant = font['/DescendantFonts'][0]
        self.assertIn('LiberationSerif', descendant['/BaseFont'])
        self.assertIn('/FontFile2', descendant['/FontDescriptor'])
        # every character, Đ included, has a glyph that maps back to it
        cids = _cids(font['/ToUnicode'].data)
        self.assertLessEqual(set('15/QĐ-UBND2026-11-27T09:15:00+07:00'),
            set(cids))
        # widths are in thousandths of an em, as in Times New Roman
        widths, entries = {}, list(descendant['/W'])
        for first, run in zip(entries[::2], entries[1::2]):
            widths.update(enumerate(run, start=first))
        self.assertEqual(widths[cids['D']], 722)
        self.assertEqual(widths[cids['Đ']], 722)
        self.assertEqual(widths[cids['1']], 500)

    def test_damaged_signatures(self):
        "A damaged signature is reported broken, never raised"
        signed = self.sign_by_signer()
        match = re.search(rb'/Contents <([0-9a-fA-F]+)>', signed)
        hex_ = match[1]
        byte_range = re.search(rb'/ByteRange \[[^\]]*\]', signed)

        def at(span, value):
            return signed[:span[0]] + value + signed[span[1]:]
        damaged = {
            'zeroed': at(match.span(1), b'0' * len(hex_)),
            'truncated': at(match.span(1),
                hex_[:300] + b'0' * (len(hex_) - 300)),
            'junk': at(match.span(1), b'ab' * (len(hex_) // 2)),
            'byte range': at(byte_range.span(),
                b'/ByteRange [0 x -5]'.ljust(len(byte_range[0]))),
            'subfilter': signed.replace(b'/ETSI.CAdES.detached',
                b'/ETSI.CAdES.damaged', 1),
            }
        for name, data in damaged.items():
            result = verify(data, [self.pki.ca_pem])
            sig, = result.signatures
            self.assertEqual(sig.field, 'Signer', name)
            self.assertTrue(result.broken, name)
            self.assertFalse(sig.valid or sig.trusted, name)
            self.assertFalse(result.all_trusted, name)

    def test_signer_count(self):
        "Signed by the signer only, then sealed: one signer, then two"
        signed = self.sign_by_signer()
        self.assertEqual(verify(signed, [self.pki.ca_pem]).signer_count, 1)
        sealed = sign_as_organisation(signed, self.organisation,
            seal_png=seal_png())
        result = verify(sealed, [self.pki.ca_pem])
        self.assertEqual(result.signer_count, 2)
        self.assertFalse(result.broken)

    def test_unsigned(self):
        "An unsigned PDF has no signatures"
        result = verify(self.pdf, [self.pki.ca_pem])
        self.assertEqual(result.signatures, [])
        self.assertFalse(result.tampered)
        self.assertFalse(result.all_trusted)


def _pdf_text(literal):
    "Decode a PDF literal string (UTF-16 with BOM or PDFDocEncoding)."
    return str(read_string_from_stream(io.BytesIO(literal)))


def _cids(to_unicode):
    "Map characters to CIDs from a ToUnicode CMap as pyHanko writes it."
    cids = {}
    for line in to_unicode.decode('ascii').splitlines():
        if match := re.fullmatch(r'<(\w{4})> <(\w{4})> \[(.*)\]', line):
            for offset, code in enumerate(re.findall(r'<(\w+)>', match[3])):
                cids[chr(int(code, 16))] = int(match[1], 16) + offset
        elif match := re.fullmatch(r'<(\w{4})> <(\w{4})>', line):
            cids[chr(int(match[2], 16))] = int(match[1], 16)
    return cids
