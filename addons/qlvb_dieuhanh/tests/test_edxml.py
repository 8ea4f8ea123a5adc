"""edXML packages without a database: round trip, hostile input, fuzz."""
import base64
import datetime as dt
import os
import random
import re
import unittest

from trytond.modules.qlvb_edxml import edxml

from qlvb_demo.pki import blank_pdf

LIMIT = 5 * 1024 * 1024
SENDER = edxml.Organ('000.00.00.G09', "Bộ Nội vụ")
RECIPIENT = edxml.Organ('000.00.01.H10', "Văn phòng Ủy ban nhân dân tỉnh")
NOW = dt.datetime(2026, 11, 27, 8, 30, tzinfo=dt.timezone.utc)
# A package as the national SDK writes it (domain.md §9).
SAMPLE = os.path.join(os.path.dirname(__file__), 'data',
    'sample-document.edxml')


def read_sample():
    with open(SAMPLE, 'rb') as file:
        return file.read()


def shape(data):
    """Each element as written, in order: its name with its prefix, the
    names of its attributes (namespace declarations included)"""
    return [(name, sorted(re.findall(r'([\w:]+)=', attributes)))
        for name, attributes in re.findall(
            rb'<([\w:]+)([^>]*?)/?>'.decode(), data.decode('utf-8'))]


def sample(**values):
    "A complete document package, as another implementation sends it"
    package = edxml.DocumentPackage(
        sender=SENDER, recipients=[RECIPIENT],
        code_number='15', code_notation='CV-BNV',
        place="Hà Nội", promulgation_date=dt.date(2026, 11, 20),
        document_type='CV', document_type_name="Công văn",
        subject="Về việc báo cáo công tác cải cách hành chính & <năm 2026>",
        content="Đề nghị Ủy ban nhân dân tỉnh báo cáo trước ngày 15/12.",
        signer_competence='KT.', signer_position="Thứ trưởng",
        signer_name="Nguyễn Văn Bình", due_date=dt.date(2026, 12, 15),
        to_places=["UBND tỉnh Bình Thuận", "Lưu: VT"], priority='1',
        page_amount=2, steering_type='1',
        response_for=['000.00.01.H10,2026/11/01,05/UBND-NCKSTTHC'],
        trace=[(SENDER.id, NOW)],
        attachments=[
            edxml.Attachment('15-CV-BNV.pdf', blank_pdf(text="Cong van 15")),
            edxml.Attachment('phu-luc.docx', b'PK\x03\x04 annex',
                content_type='application/octet-stream')])
    for key, value in values.items():
        setattr(package, key, value)
    # The sender gives each package its own identifier.
    package.id = values.get('id') or edxml.package_id(
        'sample', package.code_number, package.business_type)
    return package


def refused(test, data, code, limit=LIMIT):
    with test.assertRaises(edxml.EdxmlError) as error:
        edxml.parse(data, limit)
    test.assertEqual(error.exception.code, code)
    return error.exception


def mutations(data, count, seed=20261127):
    "count seeded mutations of a package (see labelled_mutations)"
    for _, _, mutated in labelled_mutations(data, count, seed):
        yield mutated


def labelled_mutations(data, count, seed=20261127):
    """count seeded mutations of a package: bytes flipped, cut, inserted;
    elements and attributes removed, duplicated, renamed, emptied or
    filled with hostile values; entity bombs and external entities.
    Yields (class, detail, bytes): the class of the mutation and what it
    did (the cut, the tag, the variant or value chosen)."""
    rng = random.Random(seed)
    text = data.decode('utf-8')
    # The elements without attributes, prefixed or not.
    tags = sorted(set(re.findall(r'<((?:edXML:)?\w+)>', text)))
    hostile = ['', ' ', '0', '-1', '99999999', '2026/02/30', '2026-11-20',
        'x' * 20000, '%PDF-', '&amp;', '\u0000'.replace('\u0000', '�'),
        '000.00.01.H10', 'QĐ-UBND', '<![CDATA[<x>]]>', '=cmd|x!A1',
        '../../etc/passwd', '1/QĐ', '13', '02']
    bombs = [
        '<?xml version="1.0"?><!DOCTYPE e [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
        '<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM '
        '"file:///etc/passwd">]>',
        '<?xml version="1.0"?><!DOCTYPE e SYSTEM "http://127.0.0.1/x.dtd">',
        ]
    for number in range(count):
        kind = number % 10
        if kind == 0:  # random bytes changed
            mutated = bytearray(data)
            for _ in range(rng.randint(1, 20)):
                mutated[rng.randrange(len(mutated))] = rng.randrange(256)
            yield 'bytes', None, bytes(mutated)
        elif kind == 1:  # truncated
            cut = rng.randrange(len(data))
            yield 'truncated', cut, data[:cut]
        elif kind == 2:  # an element removed
            tag = rng.choice(tags)
            yield 'removed', tag, re.sub(
                rf'<{tag}>.*?</{tag}>|<{tag} */>', '', text,
                count=1, flags=re.S).encode('utf-8')
        elif kind == 3:  # an element's text replaced
            tag = rng.choice(tags)
            value = rng.choice(hostile).replace('&', '&amp;').replace(
                '<', '&lt;') if rng.random() < .7 else rng.choice(hostile)
            yield 'text', (tag, value), re.sub(rf'<{tag}>[^<]*</{tag}>',
                f'<{tag}>{value}</{tag}>', text, count=1).encode('utf-8')
        elif kind == 4:  # an element duplicated
            tag = rng.choice(tags)
            match = re.search(rf'<{tag}>.*?</{tag}>', text, re.S)
            yield 'duplicated', tag, (
                text[:match.end()] + match.group(0) + text[match.end():]
                if match else text).encode('utf-8')
        elif kind == 5:  # an element renamed or its prefix dropped
            tag = rng.choice(tags)
            new = rng.choice([tag.split(':')[-1], 'Unknown', tag + 'X'])
            yield 'renamed', (tag, new), text.replace(
                f'<{tag}>', f'<{new}>', 1).replace(
                f'</{tag}>', f'</{new}>', 1).encode('utf-8')
        elif kind == 6:  # attributes and namespaces tampered with
            variants = [
                text.replace('xmlns:edXML="', 'xmlns:edXML="x', 1),
                text.replace('<edXML:Subject>',
                    '<edXML:Subject a="1" a="2">', 1),
                text.replace('<ContentTransferEncoded>',
                    '<ContentTransferEncoded xml:lang="vi" foo="&#0;">', 1),
                text.replace('<edXML:From>',
                    '<edXML:From xmlns:edXML="urn:other">', 1),
                ]
            variant = rng.choice(range(len(variants)))
            yield 'tampered', variant, variants[variant].encode('utf-8')
        elif kind == 7:  # entities and DTDs
            body = text.split('?>', 1)[1]
            bomb = rng.choice(bombs)
            yield 'entities', bombs.index(bomb), (bomb + body.replace(
                    '<edXML:Subject>', '<edXML:Subject>&c;&x;', 1)
                ).encode('utf-8')
        elif kind == 8:  # an attachment's base64 broken or replaced
            value = rng.choice([
                    '!!!not base64!!!', 'QUJD', '',
                    base64.b64encode(b'<html>not a pdf</html>').decode(),
                    base64.b64encode(b'%PDF-1.4 tiny').decode() + '=='])
            yield 'base64', value, re.sub(
                r'<ContentTransferEncoded>[^<]*</ContentTransferEncoded>',
                f'<ContentTransferEncoded>{value}</ContentTransferEncoded>',
                text, count=1).encode('utf-8')
        else:  # several changes at once
            mutated = text
            for _ in range(rng.randint(2, 5)):
                tag = rng.choice(tags)
                mutated = re.sub(rf'<{tag}>[^<]*</{tag}>',
                    f'<{tag}>{rng.choice(hostile)[:50]}</{tag}>', mutated,
                    count=1)
            yield 'several', None, mutated.encode('utf-8', 'replace')


def pdf_mutations(pdf, count, seed=20261201):
    """count seeded mutations of a signed PDF: bytes flipped, cut, the
    /ByteRange made garbage, the signature zeroed, the signed text
    altered, random bytes behind a PDF header.  Yields (class, bytes)."""
    rng = random.Random(seed)
    byte_range = re.search(rb'/ByteRange\s*\[[^\]]*\]', pdf)
    contents = re.search(rb'/Contents\s*<([0-9A-Fa-f]+)>', pdf)
    garbage = [b'/ByteRange [0 0 0 0]', b'/ByteRange [-5 99999999 x 1]',
        b'/ByteRange [0 10 20]', b'/ByteRange [9999999999999999999 1 2 3]',
        b'/ByteRange (not an array)', b'/ByteRange []',
        b'/ByteRange [0 1 0 1 0 1]']
    for number in range(count):
        kind = number % 7
        if kind == 0:
            mutated = bytearray(pdf)
            for _ in range(rng.randint(1, 5)):
                mutated[rng.randrange(len(mutated))] = rng.randrange(256)
            yield 'pdf_flipped', bytes(mutated)
        elif kind == 1:
            yield 'pdf_cut', pdf[:rng.randrange(1, len(pdf))]
        elif kind == 2:
            yield 'pdf_byte_range', (pdf[:byte_range.start()]
                + rng.choice(garbage) + pdf[byte_range.end():])
        elif kind == 3:
            zeros = rng.choice([b'0', b'F', b'00'])
            size = len(contents.group(1))
            yield 'pdf_zeroed', (pdf[:contents.start(1)]
                + (zeros * size)[:size] + pdf[contents.end(1):])
        elif kind == 4:  # the signed text changed: the file is tampered
            yield 'pdf_text', pdf.replace(b'(Cong van', b'(Cong vat', 1)
        elif kind == 5:
            yield 'pdf_garbage', b'%PDF-1.7\n' + rng.randbytes(
                rng.randint(0, 4000))
        else:  # the signature's hex made odd or not hex
            size = len(contents.group(1))
            yield 'pdf_signature', (pdf[:contents.start(1)]
                + rng.choice([b'Z', b'0' * (size - 1), b'']).ljust(
                    rng.choice([0, size - 1]), b'G')
                + pdf[contents.end(1):])


class EdxmlTestCase(unittest.TestCase):

    def test_round_trip(self):
        "What is built is read back the same, files included"
        package = sample()
        data = edxml.build(package)
        self.assertIn(b'xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"',
            data)
        self.assertEqual(edxml.parse(data, LIMIT), package)
        self.assertEqual(package.document_id,
            '000.00.00.G09,2026/11/20,15/CV-BNV')
        self.assertIn(b'<edXML:DocumentId>000.00.00.G09,2026/11/20,'
            b'15/CV-BNV</edXML:DocumentId>', data)

        for business_type, extra in [('1', {}), ('2', {}),
                ('3', {'replacement_for': '000.00.00.G09,2026/11/01,9/CV'})]:
            package = sample(business_type=business_type,
                business_reason="Sai sót nội dung", **extra)
            self.assertEqual(
                edxml.parse(edxml.build(package), LIMIT), package)

        # A status names its recipient by the document it answers.
        status = edxml.StatusPackage(sender=RECIPIENT,
            recipient=edxml.Organ(SENDER.id),
            response_for=package.document_id, status='02',
            description="Không đúng thẩm quyền", timestamp=NOW)
        self.assertEqual(edxml.parse(edxml.build(status), LIMIT), status)

    def test_sample_of_the_national_sdk(self):
        "The sample package is read field by field"
        package = edxml.parse(read_sample(), LIMIT)
        self.assertIsInstance(package, edxml.DocumentPackage)
        self.assertEqual(package.sender, edxml.Organ('000.00.00.G22',
                "Văn phòng Chính phủ", in_charge="Chính phủ",
                address="1 Hoàng Hoa Thám, Ba Đình, Hà Nội",
                email='vanthu@chinhphu.example', telephone='024 0000 0000',
                fax='024 0000 0001', website='chinhphu.example'))
        self.assertEqual(package.recipients, [edxml.Organ('000.00.00.H12',
                    "Ủy ban nhân dân tỉnh Bình Thuận",
                    in_charge="Ủy ban nhân dân tỉnh Bình Thuận",
                    address="Phan Thiết, Bình Thuận",
                    email='vanthu@binhthuan.example')])
        self.assertEqual((package.code_number, package.code_notation,
                package.reference), ('7816', 'VPCP-TTĐT', '7816/VPCP-TTĐT'))
        self.assertEqual((package.place, package.promulgation_date),
            ("Hà Nội", dt.date(2026, 11, 20)))
        self.assertEqual((package.document_type, package.document_type_name,
                package.type_detail), ('1', "Công văn", '0'))
        self.assertEqual(package.subject, "V/v báo cáo kết quả thực hiện "
            "nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao năm 2026")
        self.assertEqual(package.content, "Đề nghị Ủy ban nhân dân tỉnh báo "
            "cáo kết quả thực hiện nhiệm vụ được giao năm 2026.")
        self.assertEqual((package.signer_competence, package.signer_position,
                package.signer_name), ("KT. BỘ TRƯỞNG, CHỦ NHIỆM",
                "Phó Chủ nhiệm", "Nguyễn Văn Mẫu"))
        self.assertEqual(package.due_date, dt.date(2026, 12, 10))
        self.assertEqual(package.to_places, ["Các Bộ, cơ quan ngang Bộ",
                "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"])
        self.assertEqual((package.priority, package.sphere,
                package.typer_notation, package.promulgation_amount,
                package.page_amount, package.appendixes),
            ('1', "Liên thông văn bản quốc gia", 'TTĐT', 1, 1, []))
        self.assertEqual((package.steering_type, package.response_for),
            ('0', []))
        self.assertEqual(package.document_id,
            '000.00.00.G22,2026/11/20,7816/VPCP-TTĐT')
        self.assertEqual(package.id, '5c1e9a27')
        # Trace timestamps are Vietnam time.
        self.assertEqual(package.trace, [('000.00.00.G22', dt.datetime(
                        2026, 11, 20, 8, 30, tzinfo=dt.timezone.utc))])
        self.assertEqual((package.business_type, package.business_reason,
                package.replacement_for, package.paper),
            ('0', "Văn bản điện tử mới", '', '0'))
        self.assertEqual(package.staff, edxml.Staff("Phòng Văn thư",
                "Trần Thị Mẫu", '', 'vanthu@chinhphu.example'))
        attachment, = package.attachments
        self.assertEqual((attachment.name, attachment.content_type,
                attachment.description),
            ('7816-VPCP-TTDT.pdf', 'application/pdf', "Văn bản chính"))
        self.assertTrue(attachment.data.startswith(b'%PDF-1.4'))
        self.assertIn(b'7816/VPCP-TTDT sample document', attachment.data)

    def test_built_like_the_sample(self):
        "What the product builds has the sample's shape, element by element"
        sample_data = read_sample()
        data = edxml.build(edxml.parse(sample_data, LIMIT))
        self.assertEqual(shape(data), shape(sample_data))
        self.assertEqual(edxml.parse(data, LIMIT),
            edxml.parse(sample_data, LIMIT))
        # The manifest binds each file by its content id.
        href, = re.findall(rb'xlink:href="cid:([^"]+)"', data)
        content_id, = re.findall(rb'<ContentId>([^<]+)<', data)
        self.assertEqual(href, content_id)
        self.assertIn(b'<edXML:Timestamp>2026/11/20 15:30:00<', data)
        # A package of ours with more of everything: the same elements,
        # some repeated.
        names = {name for name, _ in shape(sample_data)}
        self.assertLessEqual({n for n, _ in shape(edxml.build(sample(
                            business_type='3', replacement_for='x')))},
            names | {'edXML:ResponseFor', 'edXML:ReplacementInfoList',
                'edXML:ReplacementInfo'})

    def test_status_shape(self):
        "A status package: the same envelope, the Status in the header"
        status = edxml.StatusPackage(sender=RECIPIENT,
            recipient=edxml.Organ(SENDER.id),
            response_for='000.00.00.G09,2026/11/20,15/CV-BNV',
            status='03', timestamp=NOW)
        data = edxml.build(status)
        self.assertEqual([n for n, _ in shape(data)][:7], ['edXML',
                'edXML:edXMLEnvelope', 'edXML:edXMLHeader', 'edXML:Status',
                'edXML:ResponseFor', 'edXML:OrganId', 'edXML:Code'])
        self.assertIn(b'<edXML:Timestamp>2026/11/27 15:30:00<', data)
        self.assertIn(b'<edXML:OrganId>000.00.00.G09<', data)
        self.assertEqual(edxml.parse(data, LIMIT), status)

    def test_prefixes_and_former_shape(self):
        "Prefixed or not, and the product's former shape, read alike"
        sample_data = read_sample()
        expected = edxml.parse(sample_data, LIMIT)
        text = sample_data.decode('utf-8')
        unprefixed = re.sub(r'<(/?)edXML:', r'<\1', text)
        self.assertEqual(edxml.parse(unprefixed.encode(), LIMIT), expected)
        prefixed = re.sub(r'<(/?)(AttachmentEncoded|Attachment|ContentType|'
            r'ContentId|Description|ContentTransferEncoded|AttachmentName)>',
            r'<\1edXML:\2>', text).replace('<edXML ',
            '<edXML xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016" ')
        self.assertEqual(edxml.parse(prefixed.encode(), LIMIT), expected)
        # Formerly: the envelope as root, the files inside it, the base64
        # in Value, the package id in MessageId.
        former = re.sub(r'<edXML xmlns[^>]*>|</edXML>\s*$', '', text)
        former = former.replace('</edXML:edXMLEnvelope>', '')
        former = re.sub(
            r'<ContentTransferEncoded>([^<]*)</ContentTransferEncoded>',
            r'<ContentTransferEncoded>base64</ContentTransferEncoded>'
            r'<Value>\1</Value>', former)
        former = former.replace('</AttachmentEncoded>',
            '</AttachmentEncoded></edXML:edXMLEnvelope>').replace(
            '<AttachmentEncoded>',
            f'<AttachmentEncoded xmlns="{edxml.NAMESPACE}">')
        package = edxml.parse(former.encode(), LIMIT)
        self.assertEqual(package.attachments, expected.attachments)
        self.assertEqual(package.document_id, expected.document_id)

    def test_dates_and_encodings_refused(self):
        "Dates out of range and unknown encodings: refused, not a crash"
        status = edxml.build(edxml.StatusPackage(sender=RECIPIENT,
                recipient=SENDER, response_for='a,2026/11/20,1/X',
                status='01', timestamp=NOW)).decode()
        for value in ['0001/01/01 00:00:00', '9999/12/31 23:59:59']:
            error = refused(self, status.replace('2026/11/27 15:30:00',
                    value).encode(), 'date_range')
            self.assertEqual(error.params['field'],
                'edXMLHeader/Status/Timestamp')
        text = edxml.build(sample()).decode()
        error = refused(self, text.replace(
                '<edXML:PromulgationDate>2026/11/20',
                '<edXML:PromulgationDate>0001/01/01').encode(), 'date_range')
        self.assertEqual(error.params['value'], '0001/01/01')
        refused(self, text.replace('<edXML:DueDate>2026/12/15',
                '<edXML:DueDate>3026/12/15').encode(), 'date_range')
        for encoding in ['x-unknown', 'utf-7', 'shift_jis']:
            error = refused(self, text.replace('encoding="utf-8"',
                    f'encoding="{encoding}"', 1).encode(), 'bad_encoding')
            self.assertEqual(error.params['encoding'], encoding)
        # A refused document names its sender, to be answered.
        error = refused(self, re.sub(r'<edXML:Subject>[^<]*<',
                '<edXML:Subject><', text).encode(), 'missing')
        self.assertEqual(error.answer_to,
            (SENDER, '000.00.00.G09,2026/11/20,15/CV-BNV'))

    def test_characters_xml_cannot_carry(self):
        "A control character typed in a field does not spoil the package"
        data = edxml.build(sample(subject="Báo cáo\x01 quý\x0b IV"))
        self.assertEqual(edxml.parse(data, LIMIT).subject, "Báo cáo quý IV")

    def test_package_id_is_stable(self):
        self.assertEqual(edxml.package_id('a', 'b', '0'),
            edxml.package_id('a', 'b', '0'))
        self.assertNotEqual(edxml.package_id('a', 'b', '0'),
            edxml.package_id('a', 'b', '1'))

    def test_hostile(self):
        data = edxml.build(sample())
        text = data.decode('utf-8')
        body = text.split('?>', 1)[1]
        bomb = ('<?xml version="1.0"?><!DOCTYPE e [<!ENTITY a "aaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>') + body.replace(
            '<edXML:Subject>', '<edXML:Subject>&b;', 1)
        refused(self, bomb.encode(), 'forbidden')
        external = ('<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM '
            '"file:///etc/passwd">]>') + body.replace(
            '<edXML:Subject>', '<edXML:Subject>&x;', 1)
        refused(self, external.encode(), 'forbidden')
        refused(self, data, 'too_large', limit=len(data) - 1)
        refused(self, b'%PDF-1.4 not xml', 'not_xml')
        refused(self, b'<html><body/></html>', 'not_edxml')
        refused(self, re.sub(r'<ContentTransferEncoded>[^<]*<',
                '<ContentTransferEncoded>!!<', text, count=1).encode(),
            'bad_base64')
        error = refused(self, text.replace(
                '<edXML:PromulgationDate>2026/11/20',
                '<edXML:PromulgationDate>2026/02/30').encode(), 'bad_date')
        self.assertEqual(error.params['field'],
            'edXMLHeader/MessageHeader/PromulgationInfo/PromulgationDate')
        error = refused(self, re.sub(r'<edXML:Subject>[^<]*<',
                '<edXML:Subject><', text).encode(), 'missing')
        self.assertEqual(error.params['field'],
            'edXMLHeader/MessageHeader/Subject')
        refused(self, re.sub(r'<edXML:CodeNumber>[^<]*<',
                '<edXML:CodeNumber><', text).encode(), 'missing')
        refused(self, text.replace('<edXML:BussinessDocType>0<',
                '<edXML:BussinessDocType>7<').encode(), 'bad_value')
        refused(self, edxml.build(sample(attachments=[])), 'missing')
        refused(self, edxml.build(sample(business_type='3')), 'missing')
        # Another namespace is another format.
        refused(self, text.replace('QCVN_102_2016', 'QCVN_102_2099')
            .encode(), 'not_edxml')

    def test_fuzz(self):
        "1,000 mutated packages: each class refused or read as it should"
        data = edxml.build(sample())
        original = edxml.parse(data, LIMIT)
        outcomes = {}
        for kind, detail, mutated in labelled_mutations(data, 1000):
            try:
                result = edxml.parse(mutated, LIMIT)
            except edxml.EdxmlError as error:
                code, field = error.code, error.params.get('field', '')
            else:
                self.assertIsInstance(result, edxml.DocumentPackage)
                self.assertTrue(result.subject and result.attachments)
                code, field = 'parsed', None
            outcomes.setdefault(kind, set()).add(code)
            with self.subTest(kind=kind, detail=detail, code=code):
                self.check_mutation(kind, detail, code, field, original,
                    result if code == 'parsed' else None)
        self.assertEqual(set(outcomes), {'bytes', 'truncated', 'removed',
                'text', 'duplicated', 'renamed', 'tampered', 'entities',
                'base64', 'several'})
        # Every class is refused for some mutation; the elements that may
        # be left out, repeated or renamed leave a package that is read.
        for kind in outcomes.keys() - {'duplicated'}:
            self.assertTrue(outcomes[kind] - {'parsed'}, kind)
        for kind in ['removed', 'renamed', 'text', 'several', 'base64']:
            self.assertIn('parsed', outcomes[kind], kind)

    # Elements the parser cannot do without (the first of each name in a
    # package: the sender's OrganId, the trace's Timestamp), by its code.
    # (the first DocumentId is the one of the document answered).
    REQUIRED = {'edXMLHeader', 'MessageHeader', 'From', 'OrganId', 'To',
        'Code', 'CodeNumber', 'CodeNotation', 'PromulgationInfo',
        'PromulgationDate', 'Subject', 'Timestamp', 'AttachmentEncoded',
        'ContentTransferEncoded', 'DocumentId',
        # the file's name, not the manifest's (edXML:AttachmentName)
        'AttachmentName'}
    # Elements that repeat: a copy is one more recipient, answered
    # document, hop or file.
    REPEATED = {'To', 'ResponseFor', 'Attachment', 'TraceHeader'}

    def check_mutation(self, kind, detail, code, field, original, result):
        "The outcome expected for the class of mutation"
        if kind == 'entities':  # DTDs and entities: never expanded
            self.assertEqual(code, 'forbidden')
        elif kind == 'truncated':  # the root is never closed
            self.assertEqual(code, 'not_xml')
        elif kind == 'tampered':
            self.assertEqual(code, [
                    'missing',  # the envelope in another namespace
                    'not_xml',  # an attribute twice
                    'not_xml',  # a character reference to NUL
                    'missing',  # the sender in another namespace
                    ][detail])
            if code == 'missing':
                self.assertEqual(field, ['edXMLEnvelope', None, None,
                        'edXMLHeader/MessageHeader/From'][detail])
        elif kind == 'renamed' and detail[1] == detail[0].split(':')[-1]:
            # The prefix dropped: the same element of the namespace.
            self.assertEqual((code, result), ('parsed', original))
        elif kind in {'removed', 'renamed'}:
            written = detail if kind == 'removed' else detail[0]
            tag = written.split(':')[-1]
            if tag in self.REQUIRED and written != 'edXML:AttachmentName':
                self.assertEqual(code, 'missing')
                self.assertIn(tag, field.split('/'))
            else:
                self.assertEqual(code, 'parsed')
        elif kind == 'duplicated':  # the first one counts, or one more
            self.assertEqual(code, 'parsed')
            tag = detail.split(':')[-1]
            if tag not in self.REPEATED:
                self.assertEqual(result, original)
            else:
                self.assertNotEqual(result, original)
        elif kind == 'base64':
            if detail in {'!!!not base64!!!',
                    base64.b64encode(b'%PDF-1.4 tiny').decode() + '=='}:
                self.assertEqual(code, 'bad_base64')
            else:  # valid base64: read as the file it encodes
                self.assertEqual(code, 'parsed')
                self.assertEqual(result.attachments[0].data,
                    base64.b64decode(detail))
        elif kind == 'text':
            tag, value = detail
            self.assertIn(code, {'parsed', 'bad_value', 'bad_date',
                    'bad_base64', 'missing', 'not_xml'})
            if code == 'not_xml':  # ']]>' may not appear in text
                self.assertIn(']]>', value)
            if code == 'bad_base64':
                self.assertEqual(tag, 'ContentTransferEncoded')
            if code == 'bad_date':
                self.assertIn(tag, {'edXML:PromulgationDate',
                        'edXML:DueDate', 'edXML:Timestamp'})
        else:  # bytes, several: a package or a refusal, never a crash
            self.assertIn(code, {'parsed', 'not_xml', 'not_edxml',
                    'missing', 'bad_value', 'bad_date', 'bad_base64'})
