// Writes tests/data/bert-tokenizer/hf-reference-tokens.json: random shopper-like texts (words,
// symbols, emoji, controls, every plane) and the ids Hugging Face's tokenizers gives them with the demo model's
// vocabulary, bert-base-uncased's normaliser, pre-tokenizer, WordPiece and special tokens (BLIP-2's [DEC] too).
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const t = require('tokenizers-linux-x64-gnu');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const vocabPath = process.argv[2] ?? path.join(root, '../shared/fixtures/blip2-fashion-demo/vocab.txt');
const lines = readFileSync(vocabPath, 'utf8').split('\n');
if (lines.at(-1) === '') lines.pop();
const vocab = Object.fromEntries(lines.map((token, id) => [token, id]));

const tokenizer = new t.Tokenizer(t.WordPiece.init(vocab, { unkToken: '[UNK]', continuingSubwordPrefix: '##', maxInputCharsPerWord: 100 }));
tokenizer.setNormalizer(t.bertNormalizer({ cleanText: true, handleChineseChars: true, stripAccents: true, lowercase: true }));
tokenizer.setPreTokenizer(t.bertPreTokenizer());
tokenizer.setPostProcessor(t.bertProcessing(['[SEP]', vocab['[SEP]']], ['[CLS]', vocab['[CLS]']]));
tokenizer.addSpecialTokens(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', '[DEC]'].filter((token) => token in vocab));

// A small fixed-seed generator (mulberry32), so that the file is reproducible.
let seed = 16;
const random = () => {
  seed = (seed + 0x6D2B79F5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};
const pick = (items) => items[Math.floor(random() * items.length)];
const between = (low, high) => low + Math.floor(random() * (high - low + 1));
const words = ['shirt', 'under', '$20', 'Red', 'running', 'SHOES', 'Café', 'ÉLÉGANT', 'naïve', 't-shirt', 'jeans', '中文', '漢字abc',
  '한복', 'ｆｕｌｌ', 'ΟΔΟΣ', 'İstanbul', 'straße', '[CLS]', '[SEP]', '[MASK]', '[DEC]', '[cls]', 'a[SEP]b', '😀', '👍🏽', '🇫🇷',
  '👨‍👩‍👧', 'x'.repeat(101), 'q'.repeat(100), 'un'.repeat(60), 'size:M', '50%', '<b>', '&amp;', '"quoted"', '—', '«»', '¿qué?',
  '日本語のテキスト', 'Привет', 'مرحبا', 'שלום', 'हिन्दी', 'ไทย', '\u200b', '\u200d', '\u202e', '\ufeff', '\t', '\n', '\r\n', '\u00a0',
  '\u3000', '\u2028', '\u0000', '\ufffd', '\u{10ffff}', '\ue000', 'cafe\u0301', '\u0301', 'a\u20dd', '©', '€', '±', '√', '♥', '✓', '…'];
const randomChar = () => {
  const r = random();
  if (r < 0.5) return String.fromCodePoint(between(0x20, 0x7e));
  if (r < 0.8) return String.fromCodePoint(pick([between(0xa0, 0x2fff), between(0x3000, 0xd7ff), between(0xf900, 0xfffd)]));
  return String.fromCodePoint(between(0x10000, 0x10ffff));
};
const texts = [];
for (let i = 0; i < 2000; i++) {
  let text = '';
  for (let n = between(0, 12); n > 0; n--) {
    text += random() < 0.6 ? pick(words) : Array.from({ length: between(1, 8) }, randomChar).join('');
    text += pick([' ', ' ', '', '\t', '  ', ', ']);
  }
  texts.push(text);
}
const cases = [];
for (const text of texts) cases.push({ text, ids: (await tokenizer.encode(text)).getIds() });
const pkg = require('tokenizers-linux-x64-gnu/package.json');
const target = path.join(root, 'tests/data/bert-tokenizer/hf-reference-tokens.json');
writeFileSync(target, JSON.stringify({ about: `Hugging Face tokenizers ${pkg.version}, bert-base-uncased settings, the demo model's vocab.txt; made by tools/unicode/generate_reference_tokens.mjs`, cases }, null, 0) + '\n');
console.log(`${cases.length} texts -> ${target}`);
