#!/usr/bin/env python3
"""Convert a gettext PO file into the JSON catalog loaded by sao (Tryton web).

Usage: python3 sao_po2json.py INPUT.po OUTPUT.json

The output mirrors grunt-po2json's "raw" format used for sao's locale/*.json:
    {"": {<lower-cased header fields>},
     "msgid": [null, "msgstr"],
     "msgid": ["msgid_plural", "msgstr[0]", "msgstr[1]", ...],
     "msgctxt\\u0004msgid": [...]}
Fuzzy and obsolete (#~) entries are skipped.

sao's loader keeps a 2-item array as a singular string, which gettext.js then
ignores for ngettext; so a plural entry with a single non-empty form
(nplurals=1, e.g. Vietnamese) gets that form repeated to keep the array shape.
"""
import json
import re
import sys

ESCAPES = {'n': '\n', 't': '\t', 'r': '\r', '"': '"', '\\': '\\',
           'a': '\a', 'b': '\b', 'f': '\f', 'v': '\v'}


def unquote(text):
    """Return the content of a PO string literal with escapes resolved."""
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f'invalid PO string: {text!r}')
    return re.sub(r'\\(.)', lambda m: ESCAPES.get(m.group(1), m.group(1)),
                  text[1:-1])


def parse_po(path):
    """Yield entries as dicts: msgctxt, msgid, msgid_plural, msgstr (list)."""
    entry, key, flags = {}, None, set()

    def flush():
        nonlocal entry, key, flags
        if 'msgid' in entry and 'fuzzy' not in flags:
            yield entry
        entry, key, flags = {}, None, set()

    with open(path, encoding='utf-8') as po:
        for line in po:
            line = line.strip()
            if not line or line.startswith('#~'):
                yield from flush()
                continue
            if line.startswith('#'):
                if 'msgid' in entry:
                    yield from flush()
                if line.startswith('#,'):
                    flags.update(f.strip() for f in line[2:].split(','))
                continue
            if line.startswith('"'):
                if key is None:
                    raise ValueError(f'orphan string: {line!r}')
                if isinstance(key, int):
                    entry['msgstr'][key] += unquote(line)
                else:
                    entry[key] += unquote(line)
                continue
            keyword, _, value = line.partition(' ')
            if keyword in ('msgctxt', 'msgid') and 'msgid' in entry:
                yield from flush()
            match = re.fullmatch(r'msgstr\[(\d+)\]', keyword)
            if match:
                key = int(match.group(1))
                msgstr = entry.setdefault('msgstr', [])
                msgstr.extend([''] * (key + 1 - len(msgstr)))
                msgstr[key] = unquote(value)
            elif keyword == 'msgstr':
                key = 0
                entry['msgstr'] = [unquote(value)]
            elif keyword in ('msgctxt', 'msgid', 'msgid_plural'):
                key = keyword
                entry[key] = unquote(value)
            else:
                raise ValueError(f'unknown keyword: {line!r}')
    yield from flush()


def parse_header(text):
    """Return the header fields with lower-cased names."""
    header = {}
    for line in text.split('\n'):
        name, sep, value = line.partition(':')
        if sep:
            header[name.strip().lower()] = value.strip()
    return header


def po2json(path):
    catalog = {}
    for entry in parse_po(path):
        msgid, msgstr = entry['msgid'], entry.get('msgstr', [''])
        if not msgid and 'msgctxt' not in entry:
            catalog[''] = parse_header(msgstr[0])
            continue
        if 'msgctxt' in entry:
            msgid = entry['msgctxt'] + '\u0004' + msgid
        if 'msgid_plural' in entry and len(msgstr) == 1 and msgstr[0]:
            msgstr = msgstr * 2
        catalog[msgid] = [entry.get('msgid_plural')] + msgstr
    return catalog


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    catalog = po2json(argv[1])
    with open(argv[2], 'w', encoding='utf-8') as out:
        json.dump(catalog, out, ensure_ascii=False, separators=(',', ':'))


if __name__ == '__main__':
    main(sys.argv)
