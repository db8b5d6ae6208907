import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parsePlainXml, parseWithSaxes, plainXmlDisagreement } from '../src/index.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures');

function xmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? xmlFiles(file) : name.endsWith('.xml') ? [file] : [];
  });
}

test('every fixture: the fast reader makes saxes\' tree, or declines', () => {
  let taken = 0;
  const files = xmlFiles(fixtures);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const disagreement = plainXmlDisagreement(text, parseWithSaxes(text));
    if (disagreement) assert.unreachable(`${path.relative(fixtures, file)}: ${disagreement}`);
    if (parsePlainXml(text)) taken++;
  }
  // The point is speed on ordinary guests: most fixtures must take the fast path.
  assert.ok(taken > files.length * 0.8, `${taken} of ${files.length} fixtures took the fast path`);
});

// Texts saxes reads (or refuses) that the fast reader must leave to it or read identically.
const EDGE_CASES: Record<string, string> = {
  'CRLF text and attributes': "<domain type='kvm'>\r\n  <name>a\r\nb\rc</name>\r\n  <x a='1'\r\n     b=\"2\"/>\r\n</domain>\r\n",
  'BOM and declaration': "\uFEFF<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<domain/>",
  'declaration with spaces': '<?xml  version = "1.0"  ?><domain/>',
  'declaration version 1.1': "<?xml version='1.1'?><domain/>",
  'declaration not first': "\n<?xml version='1.0'?><domain/>",
  'processing instruction': "<domain><?pi x?></domain>",
  'comments everywhere': "<!-- a --><domain><!--b-->t<!---->u</domain><!-- c -->\n",
  'double dash in comment': '<domain><!-- a -- b --></domain>',
  'comment ending --->': '<domain><!-- a ---></domain>',
  'unterminated comment': '<domain><!-- a </domain>',
  'CDATA': '<domain><name><![CDATA[a<b]]></name></domain>',
  'DOCTYPE': "<!DOCTYPE domain><domain/>",
  'entity in text': '<domain><name>a&amp;b</name></domain>',
  'entity in attribute': "<domain a='&lt;'/>",
  'undefined entity': '<domain>&foo;</domain>',
  'tab in attribute': "<domain a='x\ty'/>",
  'newline in attribute': "<domain a='x\ny'/>",
  'gt in attribute': "<domain a='x>y' b=\"it's\"/>",
  'lt in attribute': "<domain a='x<y'/>",
  ']]> in text': '<domain>a]]>b</domain>',
  'text before root': 'x<domain/>',
  'text after root': '<domain/>x',
  'two roots': '<domain/><domain/>',
  'mismatched end tag': '<domain><a></b></domain>',
  'end tag prefix': '<domain><ab></a></domain>',
  'end tag with space': '<domain><a></a  ></domain>',
  'unclosed element': '<domain><a>',
  'stray end tag': '</domain>',
  'duplicate attribute': "<domain a='1' a='2'/>",
  'no space between attributes': "<domain a='1'b='2'/>",
  'attribute without value': '<domain a/>',
  'unquoted value': '<domain a=1/>',
  'spaces around equals': "<domain a = '1'\n b\t=\t\"2\" />",
  'slash then space': '<domain/ >',
  'space after lt': '< domain/>',
  'digit name': '<1domain/>',
  'non-ASCII name': '<domäin/>',
  'non-ASCII text': '<domain><name>grüße</name></domain>',
  'astral character': '<domain><name>\u{1F600}</name></domain>',
  'control character': '<domain>\u0001</domain>',
  'U+FFFE': '<domain>\uFFFE</domain>',
  'colon and dots in names': "<q:domain xmlns:q='urn:x' q:a.b-c='1'><q:x_y/></q:domain>",
  'whitespace only': ' \n ',
  'comment only': '<!-- x -->',
  'truncated tag': "<domain a='1'",
  'truncated value': "<domain a='1",
};

for (const [name, text] of Object.entries(EDGE_CASES)) {
  test(`edge case: ${name}`, () => {
    const disagreement = plainXmlDisagreement(text, parseWithSaxes(text));
    assert.is(disagreement, null);
  });
}

test('the fast reader takes the ordinary cases and declines the rest', () => {
  for (const name of ['CRLF text and attributes', 'BOM and declaration', 'comments everywhere', 'gt in attribute', 'spaces around equals', 'colon and dots in names', 'non-ASCII text', 'end tag with space']) {
    assert.ok(parsePlainXml(EDGE_CASES[name]!), `${name} should take the fast path`);
  }
  for (const name of ['CDATA', 'DOCTYPE', 'entity in text', 'double dash in comment', 'duplicate attribute', 'two roots', 'astral character', 'tab in attribute']) {
    assert.is(parsePlainXml(EDGE_CASES[name]!), null, `${name} is saxes' to read`);
  }
});

test.run();
