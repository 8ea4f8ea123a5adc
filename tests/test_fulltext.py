"""Search inside the documents (qlvb_fulltext), through JSON-RPC as the
demo users: the clerk registers a scanned paper document (an image-only
PDF, read by Tesseract in the background) and documents with a text layer;
"Tìm trong văn bản" finds them by words typed without accents, ranks the
stronger match first and shows the text around the hit; a secret
document's content is found by nobody who may not read it.

The live server runs without a queue worker: the extraction queued by a
request runs right after its commit, before the answer (as in the demo;
trytond-worker in production)."""
import io
import pathlib
import time

import pytest

from qlvb_demo.pki import blank_pdf
from qlvb_demo.tools import new_incoming, record

from .rpc import Client

pytestmark = pytest.mark.postgresql

RUN = int(time.time()) % 100000
# The font the project installs (setup/lib.sh install_fonts): Liberation
# Serif 2 has the Vietnamese glyphs
FONT = '/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf'
SCANNED = ["ỦY BAN NHÂN DÂN HUYỆN HÀM THUẬN BẮC", "CÔNG VĂN",
    "Về việc tu bổ nghĩa trang liệt sĩ xã Hàm Chính",
    "Đề nghị Sở Lao động hỗ trợ kinh phí tu bổ."]
STRONG = ["QUYẾT ĐỊNH", "Về việc giao đất đai cho hộ gia đình",
    "Điều 1. Giao đất đai tại xã Hàm Thắng cho hộ gia đình ông Lê Văn An."]
WEAK = ["BÁO CÁO", "Tình hình kinh tế - xã hội tháng 11",
    "Giao nhiệm vụ cho các phòng; rà soát đất nông nghiệp;",
    "trồng cây xanh ở vành đai khu công nghiệp."]
SECRET = ["KẾ HOẠCH", "Di dời kho vũ khí khỏi khu dân cư Tà Cú."]


def scanned_pdf(lines):
    "An image-only PDF (a scanned page, A4 at 300 dpi) showing lines"
    from PIL import Image, ImageDraw, ImageFont
    assert pathlib.Path(FONT).exists(), "setup/lib.sh install_fonts"
    image = Image.new('L', (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 60)
    for number, line in enumerate(lines):
        draw.text((240, 300 + 110 * number), line, font=font, fill=0)
    out = io.BytesIO()
    image.save(out, 'PDF', resolution=300)
    return out.getvalue()


def text_pdf(lines):
    "A PDF whose text layer holds lines (Liberation Serif embedded)"
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStamp, TextStampStyle
    writer = IncrementalPdfFileWriter(io.BytesIO(blank_pdf(text=' ')))
    style = TextStampStyle(stamp_text='\n'.join(lines), border_width=0,
        text_box_style=TextBoxStyle(
            font=GlyphAccumulatorFactory(FONT), font_size=12))
    TextStamp(writer, style).apply(0, 60, 500)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class Search:
    "The wizard Tìm trong văn bản, driven as the web client drives it"

    def __init__(self, client):
        self.client = client

    def call(self, method, *args):
        return self.client._post(f'wizard.qlvb.fulltext.search.{method}',
            [*args, self.client.context])

    def __call__(self, query):
        session, _, _ = self.call('create')
        try:
            self.call('execute', session, {}, 'start')
            result = self.call('execute', session, {'start': {
                        'query': query, 'kinds': 'all', 'hits': []}},
                'search')
        finally:
            self.call('delete', session)
        return result['view']['defaults']['hits']


def found(hits, model, document):
    return [h for h in hits if h['document'] == f'{model},{document}']


@pytest.fixture(scope='module')
def documents(live_server):
    "{kind: incoming id} registered by the Office's clerk"
    live_server.proteus('vanthu')
    secret_values = dict(
        confidentiality=record('qlvb.confidentiality', [('code', '=', 'MAT')]),
        register=record('qlvb.incoming.register', [('secret', '=', True)]))
    specs = {
        'scanned': (f"Công văn của UBND huyện số {RUN}", SCANNED, scanned_pdf,
            {}),
        'strong': (f"Quyết định giao đất cho hộ gia đình {RUN}", STRONG,
            text_pdf, {}),
        'weak': (f"Báo cáo kinh tế - xã hội {RUN}", WEAK, text_pdf, {}),
        'secret': (f"Kế hoạch {RUN}", SECRET, text_pdf, secret_values),
        }
    result = {}
    for kind, (subject, lines, make, values) in specs.items():
        incoming = new_incoming(subject, reference=f'{RUN}/{kind.upper()}',
            main_file=make(lines), main_filename=f'{kind}.pdf', **values)
        incoming.click('register_arrival')
        result[kind] = incoming.id
    return result


def test_scanned_document_found_without_accents(live_server, documents):
    "The words of a scanned page, typed without accents, find it"
    hits = Search(Client(live_server, 'vanthu'))('nghia trang liet si')
    hit, = found(hits, 'qlvb.incoming', documents['scanned'])
    assert 'nghĩa trang liệt sĩ' in hit['snippet']
    assert hit['found_in'] == "Tệp chính scanned.pdf"
    # The list's search box finds it by the same words
    client = Client(live_server, 'vanthu')
    assert documents['scanned'] in client.model('qlvb.incoming', 'search',
        [('text_search', 'ilike', '%ho tro kinh phi tu bo%')], 0, None, None)


def test_stronger_match_ranked_first(live_server, documents):
    "The phrase in the subject and the file ranks before scattered words"
    hits = Search(Client(live_server, 'vanthu'))('giao dat dai')
    ids = [h['document'] for h in hits]
    strong = f"qlvb.incoming,{documents['strong']}"
    weak = f"qlvb.incoming,{documents['weak']}"
    assert strong in ids and weak in ids
    assert ids.index(strong) < ids.index(weak)
    hit, = found(hits, 'qlvb.incoming', documents['strong'])
    assert 'giao đất đai' in hit['snippet'].lower()
    assert hits[ids.index(strong)]['score'] > hits[ids.index(weak)]['score']


def test_secret_content_found_only_by_its_readers(live_server, documents):
    """The clerk of the secret register finds the secret document by its
    content; a specialist who may not read it finds nothing, by the
    search form nor by the list's search box"""
    query = 'kho vu khi ta cu'
    clerk = Client(live_server, 'vanthu')
    assert found(Search(clerk)(query), 'qlvb.incoming', documents['secret'])
    other = Client(live_server, 'chuyenvien')
    assert Search(other)(query) == []
    domain = [('text_search', 'ilike', f'%{query}%')]
    assert other.model('qlvb.incoming', 'search', domain, 0, None,
        None) == []
    assert other.model('qlvb.incoming', 'search_count', domain) == 0


@pytest.mark.browser
def test_search_form_in_web_client(live_server, documents, browser):
    """The clerk opens Tìm trong văn bản from the menu, types words without
    accents and reads the scanned document's text around the hit"""
    from selenium.webdriver.common.by import By

    from .conftest import OUTPUT
    from .webclient import WebClient, _menu_row

    client = WebClient(browser, live_server, OUTPUT / 'screenshots')
    client.login('vanthu')
    root = client.menu_row("Quản lý văn bản và điều hành")
    entry = _menu_row("Tìm trong văn bản")
    if not client.shown(entry):
        root.find_element(By.CSS_SELECTOR, 'span.expander').click()
    client.visible(entry).find_element(
        By.CSS_SELECTOR, 'div.column-char').click()
    dialog = client.modal()
    client.type(dialog, 'query', 'nghia trang liet si')
    client.wait(lambda d: [b for b in dialog.find_elements(By.TAG_NAME,
                'button') if b.text.strip().upper() == "TÌM"])[0].click()
    client.wait(lambda d: 'nghĩa trang liệt sĩ' in dialog.text)
    assert "Tệp chính scanned.pdf" in dialog.text
    client.screenshot('fulltext-search')
