/* glossary._speedups.pair_counts: document._count_pairs in C.
 *
 * Compiled into the same extension module as the scanner (_speedups.c registers the
 * function). The document's evidence (glossary/document.py) counts every pair of whole
 * words that a text writes side by side with only blanks between: in Python, the text
 * with its other characters replaced by a wall, split, and the pairs counted in a
 * Counter, some 0.15 s for a 1.6 MB file. Here one pass over the text: a word is a
 * maximal run of word characters (what `\w` matches: alphanumeric, or `_`); two runs
 * make a pair when only characters of `blanks` stand between them. Each distinct word
 * gets a number in a table of its own, pairs are counted by their two numbers, and
 * strings are made only for the distinct words, at the end.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#include "_speedups.h"

/* Code points below FAST are looked up in a table filled once from CPython's own
   Unicode database (so the answers are the same). */
#define FAST 0x2000
static uint8_t word_char_table[FAST];
/* Mixed into every hash: drawn per process from Python's own (randomised) string hashing,
   so that no text made offline can pile its words or pairs into one run of slots (as
   Python's dicts, whose hashes are seeded so too). */
static uint64_t seed;

int glossary_pairs_init(void) {
    for (Py_UCS4 ch = 0; ch < FAST; ch++) word_char_table[ch] = (uint8_t)(ch == '_' || Py_UNICODE_ISALNUM(ch));
    PyObject *s = PyUnicode_FromString("glossary._speedups.pair_counts");
    if (!s) return -1;
    Py_hash_t h = PyObject_Hash(s);
    Py_DECREF(s);
    if (h == -1 && PyErr_Occurred()) return -1;
    seed = (uint64_t)h * 0x9E3779B97F4A7C15ULL;
    return 0;
}

static inline int is_word_char(Py_UCS4 c) {
    if (c < FAST) return word_char_table[c];
    return Py_UNICODE_ISALNUM(c); /* '_' is below FAST */
}

typedef struct {
    uint64_t hash; /* 0: an empty slot */
    Py_ssize_t start, len;
    uint32_t id;
} WordSlot;

typedef struct {
    uint64_t key; /* (first id + 1) << 32 | (second id + 1); 0: an empty slot */
    Py_ssize_t count;
} PairSlot;

typedef struct {
    int kind;
    const char *data;
    WordSlot *words;
    size_t words_cap, n_words;
    PairSlot *pairs;
    size_t pairs_cap, n_pairs;
} Counting;

static uint64_t mixed(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h ? h : 1;
}

/* Double a table of `cap` slots of `size` bytes, each slot's place by `hash_of`. */
static void *grown(void *old, size_t cap, size_t size, uint64_t (*hash_of)(const void *)) {
    size_t bigger = cap * 2;
    char *table = PyMem_Calloc(bigger, size);
    if (!table) return NULL;
    for (size_t i = 0; i < cap; i++) {
        const char *slot = (const char *)old + i * size;
        uint64_t h = hash_of(slot);
        if (!h) continue;
        size_t j = (size_t)h & (bigger - 1);
        while (hash_of(table + j * size)) j = (j + 1) & (bigger - 1);
        memcpy(table + j * size, slot, size);
    }
    PyMem_Free(old);
    return table;
}

static uint64_t word_hash(const void *slot) { return ((const WordSlot *)slot)->hash; }
static uint64_t pair_hash(const void *slot) {
    uint64_t key = ((const PairSlot *)slot)->key;
    return key ? mixed(key ^ seed) : 0;
}

/* The id of the word at [start, start + len), numbered on first sight; -1 when out of
   memory, -2 past 2**32 - 2 distinct words. */
static int64_t word_id(Counting *c, Py_ssize_t start, Py_ssize_t len) {
    uint64_t h = 1469598103934665603ULL ^ seed; /* FNV-1a over the code points, from the seed */
    for (Py_ssize_t i = start; i < start + len; i++) {
        h ^= (uint64_t)PyUnicode_READ(c->kind, c->data, i);
        h *= 1099511628211ULL;
    }
    h = mixed(h);
    size_t mask = c->words_cap - 1, at = (size_t)h & mask;
    for (WordSlot *s; (s = &c->words[at])->hash; at = (at + 1) & mask) {
        if (s->hash == h && s->len == len
            && memcmp(c->data + s->start * c->kind, c->data + start * c->kind, (size_t)len * (size_t)c->kind) == 0)
            return s->id;
    }
    if (c->n_words >= UINT32_MAX - 1) return -2;
    uint32_t id = (uint32_t)c->n_words;
    c->words[at] = (WordSlot){h, start, len, id};
    if (++c->n_words * 2 > c->words_cap) {
        WordSlot *bigger = grown(c->words, c->words_cap, sizeof(WordSlot), word_hash);
        if (!bigger) return -1;
        c->words = bigger;
        c->words_cap *= 2;
    }
    return id;
}

/* Count the pair of word ids (a, b); -1 when out of memory. */
static int count_pair(Counting *c, uint32_t a, uint32_t b) {
    uint64_t key = ((uint64_t)a + 1) << 32 | ((uint64_t)b + 1);
    size_t mask = c->pairs_cap - 1, at = (size_t)mixed(key ^ seed) & mask;
    for (PairSlot *s; (s = &c->pairs[at])->key; at = (at + 1) & mask) {
        if (s->key == key) {
            s->count++;
            return 0;
        }
    }
    c->pairs[at] = (PairSlot){key, 1};
    if (++c->n_pairs * 2 > c->pairs_cap) {
        PairSlot *bigger = grown(c->pairs, c->pairs_cap, sizeof(PairSlot), pair_hash);
        if (!bigger) return -1;
        c->pairs = bigger;
        c->pairs_cap *= 2;
    }
    return 0;
}

/* Count the pairs of the text; -1 when out of memory, -2 past 2**32 - 2 distinct words. */
static int count_text(Counting *c, Py_ssize_t n, int bk, const void *bd, Py_ssize_t bn) {
    int64_t prev = -1;
    int walled = 0;
    for (Py_ssize_t i = 0; i < n;) {
        Py_UCS4 ch = PyUnicode_READ(c->kind, c->data, i);
        if (is_word_char(ch)) {
            Py_ssize_t j = i + 1;
            while (j < n && is_word_char(PyUnicode_READ(c->kind, c->data, j))) j++;
            int64_t id = word_id(c, i, j - i);
            if (id < 0) return (int)id;
            if (prev >= 0 && !walled && count_pair(c, (uint32_t)prev, (uint32_t)id) < 0) return -1;
            prev = id;
            walled = 0;
            i = j;
            continue;
        }
        if (ch != ' ') { /* the commonest blank */
            int blank = 0;
            for (Py_ssize_t k = 0; k < bn && !blank; k++) blank = PyUnicode_READ(bk, bd, k) == ch;
            if (!blank) walled = 1;
        }
        i++;
    }
    return 0;
}

/* pair_counts(text, blanks) -> {(a, b): n}; `blanks` must hold ' ' (the commonest
   blank, told apart first). */
PyObject *glossary_pair_counts(PyObject *mod, PyObject *args) {
    (void)mod;
    PyObject *doc, *blanks, *out = NULL, **strings = NULL;
    if (!PyArg_ParseTuple(args, "UU:pair_counts", &doc, &blanks)) return NULL;
    if (PyUnicode_FindChar(blanks, ' ', 0, PyUnicode_GET_LENGTH(blanks), 1) < 0) {
        PyErr_SetString(PyExc_ValueError, "pair_counts() needs ' ' among the blanks");
        return NULL;
    }
    Counting c = {PyUnicode_KIND(doc), (const char *)PyUnicode_DATA(doc), NULL, 1024, 0, NULL, 1024, 0};
    c.words = PyMem_Calloc(c.words_cap, sizeof(WordSlot));
    c.pairs = PyMem_Calloc(c.pairs_cap, sizeof(PairSlot));
    int got = !c.words || !c.pairs ? -1
              : count_text(&c, PyUnicode_GET_LENGTH(doc), PyUnicode_KIND(blanks), PyUnicode_DATA(blanks),
                           PyUnicode_GET_LENGTH(blanks));
    if (got < 0) {
        if (got == -2) PyErr_SetString(PyExc_OverflowError, "pair_counts() counts at most 2**32 - 2 distinct words");
        else PyErr_NoMemory();
        goto done;
    }
    if (!(strings = PyMem_Calloc(c.n_words ? c.n_words : 1, sizeof(PyObject *)))) {
        PyErr_NoMemory();
        goto done;
    }
    for (size_t i = 0; i < c.words_cap; i++) {
        WordSlot *w = &c.words[i];
        if (w->hash && !(strings[w->id] = PyUnicode_Substring(doc, w->start, w->start + w->len))) goto done;
    }
    if (!(out = PyDict_New())) goto done;
    for (size_t i = 0; i < c.pairs_cap; i++) {
        PairSlot *s = &c.pairs[i];
        if (!s->key) continue;
        PyObject *key = PyTuple_Pack(2, strings[(s->key >> 32) - 1], strings[(s->key & 0xFFFFFFFFu) - 1]);
        PyObject *count = key ? PyLong_FromSsize_t(s->count) : NULL;
        int bad = !count || PyDict_SetItem(out, key, count) < 0;
        Py_XDECREF(key);
        Py_XDECREF(count);
        if (bad) {
            Py_CLEAR(out);
            goto done;
        }
    }
done:
    if (strings) {
        for (size_t i = 0; i < c.n_words; i++) Py_XDECREF(strings[i]);
        PyMem_Free(strings);
    }
    PyMem_Free(c.words);
    PyMem_Free(c.pairs);
    return out;
}
