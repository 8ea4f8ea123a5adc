"""The text of a PDF: its text layer, and OCR where a page is a scan.

A page whose text layer holds fewer than MIN_TEXT characters and which
shows an image is read as a scan: it is rendered by pdftoppm (Debian
poppler-utils) at OCR_DPI and read by the tesseract command (Debian
tesseract-ocr) with its Vietnamese model (tesseract-ocr-vie), both run as
subprocesses: no Python binding to install, and a crash or a hang of one
page (timeout) cannot take the worker down. Installed by setup/lib.sh
(install_ocr) for the demo and the tests; the production server needs the
same three packages (docs/administration.md)."""
import io
import logging
import os
import shutil
import subprocess
import tempfile

from pypdf import PdfReader

logger = logging.getLogger(__name__)

MIN_TEXT = 20
OCR_DPI = 300
OCR_LANGUAGE = 'vie'
# Pages read by OCR at most in one file (a worker's time is bounded)
MAX_OCR_PAGES = 50
OCR_TIMEOUT = 180


class ExtractionError(Exception):
    pass


def ocr_available():
    return bool(shutil.which('pdftoppm') and shutil.which('tesseract'))


def _has_image(page):
    try:
        return len(page.images) > 0
    except Exception:
        return True


def ocr_page(path, number, workdir):
    "The text read by tesseract on page number (from 1) of the PDF at path"
    prefix = os.path.join(workdir, f'page{number}')
    subprocess.run(['pdftoppm', '-f', str(number), '-l', str(number),
            '-r', str(OCR_DPI), '-gray', '-png', '-singlefile', path,
            prefix], check=True, capture_output=True, timeout=OCR_TIMEOUT)
    # One thread: the worker shares the machine with the web processes.
    env = dict(os.environ, OMP_THREAD_LIMIT='1')
    result = subprocess.run(['tesseract', prefix + '.png', 'stdout',
            '-l', OCR_LANGUAGE], check=True, capture_output=True,
        timeout=OCR_TIMEOUT, env=env)
    os.unlink(prefix + '.png')
    return result.stdout.decode('utf-8', 'replace')


def extract(data):
    """(text, method, pages, OCR pages) of the PDF data; method is 'text',
    'ocr', 'mixed' or 'none'. Raises ExtractionError for a file that is
    not a readable PDF."""
    try:
        reader = PdfReader(io.BytesIO(bytes(data)))
        pages = list(reader.pages)
    except Exception as error:
        raise ExtractionError(str(error)) from error
    texts, scans = [], []
    for number, page in enumerate(pages, 1):
        try:
            text = page.extract_text() or ''
        except Exception:
            text = ''
        if len(text.strip()) < MIN_TEXT and _has_image(page):
            scans.append(number)
        texts.append(text)
    ocr_pages = 0
    if scans and ocr_available():
        with tempfile.TemporaryDirectory(prefix='qlvb-ocr-') as workdir:
            path = os.path.join(workdir, 'document.pdf')
            with open(path, 'wb') as file:
                file.write(bytes(data))
            for number in scans[:MAX_OCR_PAGES]:
                try:
                    texts[number - 1] = ocr_page(path, number, workdir)
                    ocr_pages += 1
                except (subprocess.SubprocessError, OSError):
                    logger.warning("OCR failed on page %s", number,
                        exc_info=True)
    elif scans:
        logger.warning("pdftoppm or tesseract missing: %s scanned "
            "page(s) not read", len(scans))
    text_pages = len([t for t in texts if t.strip()]) - ocr_pages
    if ocr_pages and text_pages > 0:
        method = 'mixed'
    elif ocr_pages:
        method = 'ocr'
    elif text_pages > 0:
        method = 'text'
    else:
        method = 'none'
    return '\n'.join(texts), method, len(pages), ocr_pages
