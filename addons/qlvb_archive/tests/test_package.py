"""The export package checks itself: every entry against the manifest."""
import io
import unittest
import zipfile

from trytond.modules.qlvb_archive.package import (
    MANIFEST, build, verify_package)


def rewrite(data, change):
    "The package with its entries passed through change({path: bytes})"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = {n: archive.read(n) for n in archive.namelist()}
    change(entries)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w') as archive:
        for name, value in entries.items():
            archive.writestr(name, value)
    return buffer.getvalue()


class PackageTestCase(unittest.TestCase):
    entries = {'a/file.json': '{"title": "Hồ sơ"}'.encode(),
        'a/001.pdf': b'%PDF-1.7 original'}

    def test_round_trip(self):
        self.assertEqual(verify_package(build(self.entries)), self.entries)

    def test_changed_entry(self):
        def change(entries):
            entries['a/001.pdf'] += b' '
        with self.assertRaises(ValueError) as error:
            verify_package(rewrite(build(self.entries), change))
        self.assertEqual(str(error.exception), 'a/001.pdf')

    def test_entry_not_listed(self):
        def change(entries):
            entries['extra.txt'] = b''
        with self.assertRaises(ValueError):
            verify_package(rewrite(build(self.entries), change))

    def test_manifest_lists_every_entry(self):
        with zipfile.ZipFile(io.BytesIO(build(self.entries))) as archive:
            manifest = archive.read(MANIFEST).decode()
        self.assertEqual(sorted(l.split('  ')[1]
                for l in manifest.splitlines()), sorted(self.entries))
