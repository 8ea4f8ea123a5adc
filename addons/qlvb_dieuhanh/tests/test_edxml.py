"""edXML packages without a database: round trip, hostile input, fuzz."""
import base64
import datetime as dt
import random
import re
import unittest

from trytond.modules.qlvb_edxml import edxml

from qlvb_demo.pki import blank_pdf

LIMIT = 5 * 1024 * 1024
SENDER = edxml.Organ('000.00.00.G09', "Bộ Nội vụ")
RECIPIENT = edxml.Organ('000.00.01.H10', "Văn phòng Ủy ban nhân dân tỉnh")
NOW = dt.datetime(2026, 11, 27, 8, 30, tzinfo=dt.timezone.utc)


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
    tags = sorted(set(re.findall(r'<(edXML:\w+)>', text)))
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
            new = rng.choice([tag.split(':')[1], 'edXML:Unknown',
                    tag + 'X'])
            yield 'renamed', (tag, new), text.replace(
                f'<{tag}>', f'<{new}>', 1).replace(
                f'</{tag}>', f'</{new}>', 1).encode('utf-8')
        elif kind == 6:  # attributes and namespaces tampered with
            variants = [
                text.replace('xmlns:edXML="', 'xmlns:edXML="x', 1),
                text.replace('<edXML:Subject>',
                    '<edXML:Subject a="1" a="2">', 1),
                text.replace('<edXML:Value>',
                    '<edXML:Value xml:lang="vi" foo="&#0;">', 1),
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
                r'<edXML:Value>[^<]*</edXML:Value>',
                f'<edXML:Value>{value}</edXML:Value>', text,
                count=1).encode('utf-8')
        else:  # several changes at once
            mutated = text
            for _ in range(rng.randint(2, 5)):
                tag = rng.choice(tags)
                mutated = re.sub(rf'<{tag}>[^<]*</{tag}>',
                    f'<{tag}>{rng.choice(hostile)[:50]}</{tag}>', mutated,
                    count=1)
            yield 'several', None, mutated.encode('utf-8', 'replace')


class EdxmlTestCase(unittest.TestCase):

    def test_round_trip(self):
        "What is built is read back the same, files included"
        package = sample()
        data = edxml.build(package)
        self.assertIn(b'xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"',
            data)
        # Strict receivers want every child element prefixed.
        self.assertFalse(re.search(rb'<(?!edXML:|/edXML:|\?xml)', data))
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

        status = edxml.StatusPackage(sender=RECIPIENT, recipient=SENDER,
            response_for=package.document_id, status='02',
            description="Không đúng thẩm quyền", timestamp=NOW, id='x')
        self.assertEqual(edxml.parse(edxml.build(status), LIMIT), status)

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
        refused(self, re.sub(r'<edXML:Value>[^<]*<', '<edXML:Value>!!<',
                text, count=1).encode(), 'bad_base64')
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
    REQUIRED = {'edXMLHeader', 'MessageHeader', 'From', 'OrganId', 'To',
        'Code', 'CodeNumber', 'CodeNotation', 'PromulgationInfo',
        'PromulgationDate', 'Subject', 'Timestamp', 'AttachmentEncoded',
        'Value'}
    # Elements that repeat: a copy is one more recipient, answered
    # document or file.
    REPEATED = {'To', 'ResponseFor', 'Attachment'}

    def check_mutation(self, kind, detail, code, field, original, result):
        "The outcome expected for the class of mutation"
        if kind == 'entities':  # DTDs and entities: never expanded
            self.assertEqual(code, 'forbidden')
        elif kind == 'truncated':  # the root is never closed
            self.assertEqual(code, 'not_xml')
        elif kind == 'tampered':
            self.assertEqual(code, [
                    'not_edxml',  # another namespace for the prefix
                    'not_xml',  # an attribute twice
                    'not_xml',  # a character reference to NUL
                    'missing',  # the sender in another namespace
                    ][detail])
            if code == 'missing':
                self.assertEqual(field, 'edXMLHeader/MessageHeader/From')
        elif kind in {'removed', 'renamed'}:
            tag = (detail if kind == 'removed' else detail[0]).split(':')[1]
            if tag in self.REQUIRED:
                self.assertEqual(code, 'missing')
                self.assertIn(tag, field.split('/'))
            else:
                self.assertEqual(code, 'parsed')
        elif kind == 'duplicated':  # the first one counts, or one more
            self.assertEqual(code, 'parsed')
            tag = detail.split(':')[1]
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
                self.assertEqual(tag, 'edXML:Value')
            if code == 'bad_date':
                self.assertIn(tag, {'edXML:PromulgationDate',
                        'edXML:DueDate', 'edXML:Timestamp'})
        else:  # bytes, several: a package or a refusal, never a crash
            self.assertIn(code, {'parsed', 'not_xml', 'not_edxml',
                    'missing', 'bad_value', 'bad_date', 'bad_base64'})
