"""The export package of a transfer: a self-contained zip.

    transfer.json                       the list of files (mục lục hồ sơ)
    <file code>/file.json               metadata of the file
    <file code>/<nnn>.pdf               each document's original, unchanged
    <file code>/<nnn>.json              metadata of the document, with its
                                        parts
    <file code>/<nnn>-vNN.<ext>         its draft versions, unchanged
    <file code>/<nnn>-aNN.<ext>         its attachments, unchanged
    manifest-sha256.txt                 "<sha256>  <path>" of every other
                                        entry

The metadata follow the fields of Circular 02/2019/TT-BNV (Articles 7
and 8: file and document metadata); `verify_package` re-opens a package
and checks every checksum."""
import hashlib
import io
import json
import zipfile

MANIFEST = 'manifest-sha256.txt'
STANDARD = 'Circular 02/2019/TT-BNV'


def build(entries):
    """The zip of entries ({path: bytes}) with their checksum manifest"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as archive:
        lines = []
        for path in sorted(entries):
            data = entries[path]
            archive.writestr(path, data)
            lines.append(f'{hashlib.sha256(data).hexdigest()}  {path}')
        archive.writestr(MANIFEST, '\n'.join(lines) + '\n')
    return buffer.getvalue()


def as_json(metadata):
    return json.dumps(metadata, ensure_ascii=False, indent=2,
        default=str).encode('utf-8')


def verify_package(data):
    """{path: bytes} of a package whose every entry matches its checksum;
    ValueError naming the first entry that does not, or that is missing
    from the manifest"""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = {n: archive.read(n) for n in archive.namelist()}
    manifest = entries.pop(MANIFEST).decode('utf-8')
    listed = {}
    for line in manifest.splitlines():
        digest, path = line.split('  ', 1)
        listed[path] = digest
    if set(listed) != set(entries):
        raise ValueError(sorted(set(listed) ^ set(entries)))
    for path, digest in listed.items():
        if hashlib.sha256(entries[path]).hexdigest() != digest:
            raise ValueError(path)
    return entries
