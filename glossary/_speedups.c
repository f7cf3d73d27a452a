/* glossary._speedups: the scanner's hot loop in C.
 *
 * An Index holds 64-bit hashes of every folded glossary key (with the kinds of its
 * rows) and of every key prefix that ends at a word boundary or after the key's first
 * letter-and-digit run. scan() walks a text once: at each letter-and-digit run that
 * starts a word and is a key or a key prefix, it extends word by word while some key goes
 * on, and keeps the longest key that ends at a word boundary. It returns (start, end, key id) spans;
 * the Python side checks each span against the trie (hashes can collide) and handles
 * case-sensitive keys, so the results are those of the pure-Python scanner.
 *
 * Folding is per code point: simple lower case, with U+0130 (İ) -> 'i', as text.fold.
 * Word characters are letters, digits and combining marks; marks are classified on
 * first sight through unicodedata.category and remembered in a bitmap.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#include "_speedups.h"

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL
#define MAX_CP 0x110000

typedef struct {
    uint64_t hash; /* 0 marks an empty slot */
    uint32_t kid;
    uint32_t mask; /* bit k: the key has rows of kind code k; bit 31: hash collision */
} Slot;

typedef struct {
    Slot *slots;
    size_t cap; /* power of two */
    size_t used;
} Table;

typedef struct {
    uint64_t *bits;
    uint64_t mask; /* number of bits - 1 */
} Filter;

typedef struct {
    PyObject_HEAD
    /* One table for every folded key and every folded key prefix that ends at a word
       boundary inside a key or after its first letter-and-digit run: the low bits of a
       slot's mask are the kinds of the keys spelled so (with their key id), bits 8-11 the
       kinds of the keys that go on from there. One probe per word answers both "does a
       key end here?" and "can one go on?". */
    Table keys;
    /* The same, for the first letter-and-digit runs of keys only: every word of a text is
       looked up here, and this table is small when keys begin with common words. */
    Table firsts;
    Table exact; /* spelling of a case-sensitive row -> key id */
    Py_ssize_t maxlen;
    /* Bloom filters over the two tables (two bits per entry, about eight bits of filter
       per entry), small enough for the CPU cache: most words that start or extend a
       candidate are in no key, and a filter says so without probing a big table. */
    Filter filter, first_filter;
    /* fix() calls back into Python, which could call __init__ or set_exact on this very
       index and free the tables under it: they refuse while busy is nonzero. */
    int busy;
} IndexObject;

static inline int filter_has(const Filter *f, uint64_t hash) {
    uint64_t a = hash & f->mask, b = (hash >> 32) & f->mask;
    return (f->bits[a >> 6] >> (a & 63) & 1) && (f->bits[b >> 6] >> (b & 63) & 1);
}

/* (Re)build a filter holding every hash of a table. */
static int filter_build(Filter *f, const Table *t) {
    uint64_t size = 1024;
    while (size < 8 * (uint64_t)t->used) size <<= 1;
    PyMem_Free(f->bits);
    f->bits = PyMem_Calloc(size / 64, sizeof(uint64_t));
    if (!f->bits) return -1;
    f->mask = size - 1;
    for (size_t s = 0; s < t->cap; s++) {
        uint64_t h = t->slots[s].hash;
        if (!h) continue;
        uint64_t a = h & f->mask, b = (h >> 32) & f->mask;
        f->bits[a >> 6] |= 1ull << (a & 63);
        f->bits[b >> 6] |= 1ull << (b & 63);
    }
    return 0;
}

static inline const Slot *table_get(const Table *t, uint64_t hash);

static inline const Slot *filtered_get(const Filter *f, const Table *t, uint64_t hash) {
    return filter_has(f, hash) ? table_get(t, hash) : NULL;
}

#define PREFIX_SHIFT 8

/* Kind codes (verify.py, KINDS): 0 abbreviation (case-sensitive), 1 typo, 2 variant, 3 term. */
#define CASE_SENSITIVE 0x1u
#define ANY_CASE 0xEu

static uint8_t *mark_known = NULL; /* bitmaps over all code points */
static uint8_t *mark_is = NULL;
static PyObject *category_func = NULL;

#define COLLISION 0x80000000u

static inline uint64_t step(uint64_t h, Py_UCS4 c) {
    h ^= (uint64_t)c;
    h *= FNV_PRIME;
    return h;
}

static inline uint64_t finish(uint64_t h) { return h ? h : 1; }

/* Code points below FAST_CP (Latin, Vietnamese, Greek, Cyrillic, ...) are looked up in
   tables filled once from CPython's own Unicode database, so the answers are the same. */
#define FAST_CP 0x2000
static uint16_t fast_lower[FAST_CP];
static uint8_t fast_alnum[FAST_CP];

static inline Py_UCS4 fold_cp(Py_UCS4 c) {
    if (c < FAST_CP) return fast_lower[c];
    return Py_UNICODE_TOLOWER(c);
}

static void fill_fast_tables(void) {
    for (Py_UCS4 c = 0; c < FAST_CP; c++) {
        Py_UCS4 low = c == 0x130 ? 'i' : Py_UNICODE_TOLOWER(c);
        fast_lower[c] = (uint16_t)(low < 0x10000 ? low : c);
        fast_alnum[c] = (uint8_t)Py_UNICODE_ISALNUM(c);
    }
}

static int is_mark(Py_UCS4 c) {
    if (c < 0x300 || c >= MAX_CP) return 0;
    size_t byte = c >> 3;
    uint8_t bit = (uint8_t)(1u << (c & 7));
    if (mark_known[byte] & bit) return (mark_is[byte] & bit) != 0;
    int result = 0;
    PyObject *ch = PyUnicode_FromOrdinal((int)c);
    if (ch) {
        PyObject *cat = PyObject_CallOneArg(category_func, ch);
        Py_DECREF(ch);
        if (cat) {
            const char *s = PyUnicode_AsUTF8(cat);
            result = s && s[0] == 'M';
            Py_DECREF(cat);
        }
    }
    if (PyErr_Occurred()) PyErr_Clear();
    mark_known[byte] |= bit;
    if (result) mark_is[byte] |= bit;
    return result;
}

static inline int is_alnum(Py_UCS4 c) {
    if (c < FAST_CP) return fast_alnum[c];
    return Py_UNICODE_ISALNUM(c);
}

static inline int is_word(Py_UCS4 c) { return is_alnum(c) || is_mark(c); }

/* ' ’ - join two words into one: a key ending in one needs a word boundary after it. */
static inline int is_joiner(Py_UCS4 c) { return c == '\'' || c == 0x2019 || c == '-'; }

static int table_init(Table *t, Py_ssize_t n) {
    size_t cap = 16;
    while (cap < (size_t)n * 2 + 16) cap <<= 1;
    t->slots = PyMem_Calloc(cap, sizeof(Slot));
    if (!t->slots) return -1;
    t->cap = cap;
    t->used = 0;
    return 0;
}

static int table_put(Table *t, uint64_t hash, uint32_t kid, uint32_t mask);

static int table_grow(Table *t) {
    Table bigger;
    bigger.slots = PyMem_Calloc(t->cap * 2, sizeof(Slot));
    if (!bigger.slots) return -1;
    bigger.cap = t->cap * 2;
    bigger.used = 0;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].hash) table_put(&bigger, t->slots[i].hash, t->slots[i].kid, t->slots[i].mask);
    PyMem_Free(t->slots);
    *t = bigger;
    return 0;
}

/* Insert or merge a slot; -1 (no exception set) when the table is full and cannot grow. */
static int table_put(Table *t, uint64_t hash, uint32_t kid, uint32_t mask) {
    if ((t->used + 1) * 2 > t->cap && table_grow(t) < 0 && t->used + 1 >= t->cap) return -1;
    size_t i = (size_t)hash & (t->cap - 1);
    while (t->slots[i].hash) {
        if (t->slots[i].hash == hash) {
            if (t->slots[i].kid != kid) t->slots[i].mask |= COLLISION;
            t->slots[i].mask |= mask;
            return 0;
        }
        i = (i + 1) & (t->cap - 1);
    }
    t->slots[i].hash = hash;
    t->slots[i].kid = kid;
    t->slots[i].mask = mask;
    t->used++;
    return 0;
}

static inline const Slot *table_get(const Table *t, uint64_t hash) {
    size_t i = (size_t)hash & (t->cap - 1);
    while (t->slots[i].hash) {
        if (t->slots[i].hash == hash) return &t->slots[i];
        i = (i + 1) & (t->cap - 1);
    }
    return NULL;
}

/* Record a key: its id and kinds; a second key with the same hash marks a collision. */
static int put_key(Table *t, uint64_t hash, uint32_t kid, uint32_t kinds) {
    Slot *s = (Slot *)table_get(t, hash);
    if (!s) return table_put(t, hash, kid, kinds);
    if (s->mask & 0xFFu) {
        if (s->kid != kid) s->mask |= COLLISION;
    } else {
        s->kid = kid;
    }
    s->mask |= kinds;
    return 0;
}

/* Record that keys of these kinds go on past this prefix. */
static int put_prefix(Table *t, uint64_t hash, uint32_t kinds) {
    Slot *s = (Slot *)table_get(t, hash);
    if (!s) return table_put(t, hash, 0, kinds << PREFIX_SHIFT);
    s->mask |= kinds << PREFIX_SHIFT;
    return 0;
}

static int not_busy(IndexObject *self) {
    if (!self->busy) return 1;
    PyErr_SetString(PyExc_RuntimeError, "Index cannot be changed while fix() is running");
    return 0;
}

/* Every method but __init__ needs the tables; Index.__new__(Index) alone has none. */
static int ready(IndexObject *self) {
    if (self->keys.slots && self->firsts.slots && self->exact.slots && self->filter.bits && self->first_filter.bits)
        return 1;
    PyErr_SetString(PyExc_ValueError, "Index is not initialized: call Index(keys)");
    return 0;
}


static void Index_dealloc(IndexObject *self) {
    PyMem_Free(self->keys.slots);
    PyMem_Free(self->firsts.slots);
    PyMem_Free(self->exact.slots);
    PyMem_Free(self->filter.bits);
    PyMem_Free(self->first_filter.bits);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* The hash of a spelling as written (not folded), as the exact table keys it. */
static uint64_t hash_text(PyObject *s) {
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    uint64_t h = FNV_OFFSET;
    for (Py_ssize_t j = 0; j < len; j++) h = step(h, PyUnicode_READ(kind, data, j));
    return finish(h);
}

static int add_exact(IndexObject *self, PyObject *exact_seq) {
    PyObject *efast = PySequence_Fast(exact_seq, "exact must be a sequence of (spelling, id)");
    if (!efast) return -1;
    Py_ssize_t ne = PySequence_Fast_GET_SIZE(efast);
    PyMem_Free(self->exact.slots);
    self->exact.slots = NULL;
    if (table_init(&self->exact, ne) < 0) {
        Py_DECREF(efast);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < ne; i++) {
        PyObject *term;
        unsigned long kid;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(efast, i), "Uk", &term, &kid)) {
            Py_DECREF(efast);
            return -1;
        }
        if (table_put(&self->exact, hash_text(term), (uint32_t)kid, CASE_SENSITIVE) < 0) {
            Py_DECREF(efast);
            PyErr_NoMemory();
            return -1;
        }
    }
    Py_DECREF(efast);
    return 0;
}

/* Index(keys): keys holds (folded key, key id, kind mask) for every key; the spellings
   of case-sensitive rows come later, from set_exact. */
static int Index_init(IndexObject *self, PyObject *args, PyObject *kwds) {
    PyObject *seq;
    static char *kwlist[] = {"keys", NULL};
    if (!not_busy(self) || !PyArg_ParseTupleAndKeywords(args, kwds, "O", kwlist, &seq)) return -1;
    PyObject *fast = PySequence_Fast(seq, "keys must be a sequence of (key, id, mask)");
    if (!fast) return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    PyMem_Free(self->keys.slots);
    PyMem_Free(self->firsts.slots);
    self->keys.slots = self->firsts.slots = NULL;
    if (table_init(&self->keys, 2 * n) < 0 || table_init(&self->firsts, 16) < 0) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return -1;
    }
    self->maxlen = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *key;
        unsigned long kid, mask;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(fast, i), "Ukk", &key, &kid, &mask)) {
            Py_DECREF(fast);
            return -1;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(key);
        int kind = PyUnicode_KIND(key);
        const void *data = PyUnicode_DATA(key);
        uint64_t h = FNV_OFFSET;
        int in_first_run = 1;
        for (Py_ssize_t j = 0; j < len; j++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, j);
            int bad = 0;
            if (in_first_run && !is_alnum(c)) {
                in_first_run = 0;
                bad = put_prefix(&self->keys, finish(h), (uint32_t)mask) < 0 /* the first run: where scanning starts */
                      || put_prefix(&self->firsts, finish(h), (uint32_t)mask) < 0;
            } else if (j > 0 && (!is_word(c) || !is_word(PyUnicode_READ(kind, data, j - 1)))) {
                bad = put_prefix(&self->keys, finish(h), (uint32_t)mask) < 0; /* a boundary inside the key */
            }
            if (bad) goto no_memory;
            h = step(h, fold_cp(c));
        }
        if (put_key(&self->keys, finish(h), (uint32_t)kid, (uint32_t)mask) < 0 ||
            (in_first_run && put_key(&self->firsts, finish(h), (uint32_t)kid, (uint32_t)mask) < 0))
            goto no_memory;
        if (len > self->maxlen) self->maxlen = len;
    }
    Py_DECREF(fast);
    if (filter_build(&self->filter, &self->keys) < 0 || filter_build(&self->first_filter, &self->firsts) < 0) {
        PyErr_NoMemory();
        return -1;
    }
    PyObject *none = PyTuple_New(0);
    if (!none) return -1;
    int r = add_exact(self, none);
    Py_DECREF(none);
    return r;
no_memory:
    Py_DECREF(fast);
    PyErr_NoMemory();
    return -1;
}

static PyObject *Index_set_exact(IndexObject *self, PyObject *seq) {
    if (!ready(self) || !not_busy(self) || add_exact(self, seq) < 0) return NULL;
    Py_RETURN_NONE;
}

/* fold(text) -> text folded per code point as the scanner folds it (for tests). */
static PyObject *module_fold(PyObject *mod, PyObject *arg) {
    (void)mod;
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "fold() needs a str");
        return NULL;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(arg);
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    Py_UCS4 *buf = PyMem_New(Py_UCS4, len ? len : 1);
    if (!buf) return PyErr_NoMemory();
    for (Py_ssize_t j = 0; j < len; j++) buf[j] = fold_cp(PyUnicode_READ(kind, data, j));
    /* The narrowest representation, as Python builds it: equal strings must be equal objects. */
    PyObject *out = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, len);
    PyMem_Free(buf);
    return out;
}

static int append_span(PyObject *out, Py_ssize_t p, Py_ssize_t e, long kid) {
    PyObject *t = Py_BuildValue("(nnl)", p, e, kid);
    if (!t) return -1;
    int r = PyList_Append(out, t);
    Py_DECREF(t);
    return r;
}

/* The next leftmost-longest match starting in [*i, hi): 1 and (*p, *e, *kid) when found
   (kid -1: a hash collision), 0 at the end. *i and *prev_word carry the walk. */
static int next_match(IndexObject *self, int kind, const void *data, Py_ssize_t n, Py_ssize_t hi,
                      unsigned long mode, Py_ssize_t *i, int *prev_word, Py_ssize_t *p_out, Py_ssize_t *e_out,
                      long *kid_out) {
    while (*i < hi) {
        Py_UCS4 c = PyUnicode_READ(kind, data, *i);
        if (!is_alnum(c)) {
            *prev_word = is_mark(c);
            (*i)++;
            continue;
        }
        Py_ssize_t p = *i, j = *i;
        uint64_t h = FNV_OFFSET;
        while (j < n) {
            Py_UCS4 cj = PyUnicode_READ(kind, data, j);
            if (!is_alnum(cj)) break;
            h = step(h, fold_cp(cj));
            j++;
        }
        if (!*prev_word) {
            const Slot *a = filtered_get(&self->first_filter, &self->firsts, finish(h));
            if (a && (a->mask & (mode | mode << PREFIX_SHIFT))) {
                Py_ssize_t best = -1, limit = p + self->maxlen;
                long best_kid = 0;
                uint64_t g = FNV_OFFSET, r = FNV_OFFSET;
                int need_raw = (mode & CASE_SENSITIVE) != 0;
                if (limit > n) limit = n;
                Py_ssize_t k = p;
                if (!need_raw && j - p <= self->maxlen) { /* the first run is already hashed */
                    g = h;
                    k = j;
                    if (k == n || !is_word(PyUnicode_READ(kind, data, k))) { /* a is this run's slot */
                        if (a->mask & mode) {
                            best = k;
                            best_kid = (a->mask & COLLISION) ? -1 : (long)a->kid;
                        }
                        if (!(a->mask & (mode << PREFIX_SHIFT))) limit = k; /* no key goes on from here */
                    }
                }
                while (k < limit) {
                    Py_UCS4 ck = PyUnicode_READ(kind, data, k);
                    g = step(g, fold_cp(ck));
                    if (need_raw) r = step(r, ck);
                    k++;
                    if (k == n || (!is_word(ck) && !is_joiner(ck)) || !is_word(PyUnicode_READ(kind, data, k))) {
                        uint64_t fg = finish(g);
                        const Slot *s = filtered_get(&self->filter, &self->keys, fg);
                        if (!s) break; /* neither a key nor the start of one */
                        int goes_on = (s->mask & (mode << PREFIX_SHIFT)) != 0;
                        if (s->mask & mode) {
                            int ok = 1;
                            if (!(s->mask & mode & ANY_CASE)) {
                                const Slot *x = table_get(&self->exact, finish(r));
                                ok = x && x->kid == s->kid;
                            }
                            if (ok) {
                                best = k;
                                best_kid = (s->mask & COLLISION) ? -1 : (long)s->kid;
                            }
                        }
                        if (!goes_on) break; /* no longer key goes on from here */
                    }
                }
                if (best > 0) {
                    *p_out = p;
                    *e_out = best;
                    *kid_out = best_kid;
                    *i = best;
                    *prev_word = is_word(PyUnicode_READ(kind, data, best - 1));
                    return 1;
                }
            }
        }
        *i = j;
        *prev_word = 1;
    }
    return 0;
}

/* scan(text, mode, lo=0, hi=len(text)) -> [(start, end, key id)]; key id -1 on a hash collision. */
static PyObject *Index_scan(IndexObject *self, PyObject *args) {
    PyObject *text;
    unsigned long mode;
    Py_ssize_t lo = 0, hi = -1;
    if (!PyArg_ParseTuple(args, "Uk|nn", &text, &mode, &lo, &hi) || !ready(self)) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (hi < 0 || hi > n) hi = n;
    if (lo < 0) lo = 0;
    if (lo > hi) lo = hi;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    Py_ssize_t i = lo, p, e;
    long kid;
    int prev_word = i > 0 ? is_word(PyUnicode_READ(kind, data, i - 1)) : 0;
    while (next_match(self, kind, data, n, hi, mode, &i, &prev_word, &p, &e, &kid)) {
        if (append_span(out, p, e, kid) < 0) {
            Py_DECREF(out);
            return NULL;
        }
    }
    return out;
}

/* A cached value for key id kid: dict[kid], else fill(kid) stored into the dict. */
static PyObject *cached_value(PyObject *dict, PyObject *fill, long kid) {
    PyObject *k = PyLong_FromLong(kid);
    if (!k) return NULL;
    PyObject *v = PyDict_GetItemWithError(dict, k);
    if (v) {
        Py_DECREF(k);
        Py_INCREF(v);
        return v;
    }
    if (PyErr_Occurred()) {
        Py_DECREF(k);
        return NULL;
    }
    v = PyObject_CallOneArg(fill, k);
    if (v && PyDict_SetItem(dict, k, v) < 0) Py_CLEAR(v);
    Py_DECREF(k);
    return v;
}

static int append_slice(PyObject *parts, PyObject *text, Py_ssize_t a, Py_ssize_t b) {
    if (a >= b) return 0;
    PyObject *piece = PyUnicode_Substring(text, a, b);
    if (!piece) return -1;
    int r = PyList_Append(parts, piece);
    Py_DECREF(piece);
    return r;
}

/* fix(text, mode, windows, keys, key_of, fixes, fix_of, carry) -> (new text, changed) or None.
   Replaces every match by its fix: fixes[kid] (filled by fix_of(kid); "" = leave as
   written), kept as is for a surface without capitals, else carry(surface, fix). keys[kid]
   (filled by key_of(kid)) is the trie's key, which each match must equal once folded.
   windows: None for all of the text, else a flat list lo0, hi0, lo1, ... sorted by lo,
   merged here and widened to whitespace; only matches starting in them count. changed:
   flat list of the replaced spans in the new text. None on a hash collision: the caller
   then takes the slow path. */
static PyObject *Index_fix(IndexObject *self, PyObject *args) {
    PyObject *text, *windows, *keys, *key_of, *fixes, *fix_of, *carry;
    unsigned long mode;
    if (!PyArg_ParseTuple(args, "UkOO!OO!OO", &text, &mode, &windows, &PyDict_Type, &keys, &key_of, &PyDict_Type,
                          &fixes, &fix_of, &carry) || !ready(self))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    /* The windows are copied first: a callback below could change the list. */
    Py_ssize_t *bounds = NULL, nb = 0;
    if (windows != Py_None) {
        PyObject *seq = PySequence_Fast(windows, "windows must be a flat list of ints");
        if (!seq) return NULL;
        nb = PySequence_Fast_GET_SIZE(seq) / 2;
        bounds = PyMem_New(Py_ssize_t, 2 * nb + 1);
        if (!bounds) {
            Py_DECREF(seq);
            return PyErr_NoMemory();
        }
        for (Py_ssize_t j = 0; j < 2 * nb; j++) {
            Py_ssize_t v = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(seq, j));
            if (v == -1 && PyErr_Occurred()) {
                Py_DECREF(seq);
                PyMem_Free(bounds);
                return NULL;
            }
            bounds[j] = v < 0 ? 0 : v > n ? n : v; /* every bound inside the text */
        }
        Py_DECREF(seq);
    }
    self->busy++;
    PyObject *parts = PyList_New(0), *changed = PyList_New(0), *result = NULL;
    if (!parts || !changed) goto done;
    Py_ssize_t pos = 0, out_len = 0, last = 0, w = 0;
    for (;;) {
        Py_ssize_t lo = 0, hi = n;
        if (bounds) {
            if (w >= nb) break;
            lo = bounds[2 * w];
            hi = bounds[2 * w + 1];
            w++;
            while (w < nb) { /* merge overlapping windows */
                Py_ssize_t lo2 = bounds[2 * w], hi2 = bounds[2 * w + 1];
                if (lo2 > hi) break;
                if (hi2 > hi) hi = hi2;
                w++;
            }
            if (hi < lo) hi = lo;
            while (lo > 0 && !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, lo - 1))) lo--;
            while (hi < n && !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, hi))) hi++;
        }
        if (lo < last) lo = last;
        Py_ssize_t i = lo, p, e;
        long kid;
        int prev_word = i > 0 ? is_word(PyUnicode_READ(kind, data, i - 1)) : 0;
        while (next_match(self, kind, data, n, hi, mode, &i, &prev_word, &p, &e, &kid)) {
            last = e;
            if (kid < 0) goto collision;
            PyObject *key = cached_value(keys, key_of, kid);
            if (!key) goto done;
            int same = PyUnicode_Check(key) && PyUnicode_GET_LENGTH(key) == e - p;
            if (same) {
                int kk = PyUnicode_KIND(key);
                const void *kd = PyUnicode_DATA(key);
                for (Py_ssize_t j = 0; same && j < e - p; j++)
                    same = fold_cp(PyUnicode_READ(kind, data, p + j)) == PyUnicode_READ(kk, kd, j);
            }
            Py_DECREF(key);
            if (!same) goto collision;
            PyObject *rep = cached_value(fixes, fix_of, kid);
            if (!rep) goto done;
            if (!PyUnicode_Check(rep) || PyUnicode_GET_LENGTH(rep) == 0) {
                Py_DECREF(rep);
                continue;
            }
            int capitals = 0;
            for (Py_ssize_t j = p; !capitals && j < e; j++) {
                Py_UCS4 c = PyUnicode_READ(kind, data, j);
                capitals = Py_UNICODE_ISUPPER(c) || Py_UNICODE_ISTITLE(c);
            }
            PyObject *after = rep;
            if (capitals) {
                PyObject *surface = PyUnicode_Substring(text, p, e);
                after = surface ? PyObject_CallFunctionObjArgs(carry, surface, rep, NULL) : NULL;
                Py_XDECREF(surface);
                Py_DECREF(rep);
                if (!after) goto done;
                if (!PyUnicode_Check(after)) {
                    Py_DECREF(after);
                    PyErr_SetString(PyExc_TypeError, "carry() must return a str");
                    goto done;
                }
            }
            Py_ssize_t alen = PyUnicode_GET_LENGTH(after);
            int unchanged = alen == e - p;
            if (unchanged) {
                int ak = PyUnicode_KIND(after);
                const void *ad = PyUnicode_DATA(after);
                for (Py_ssize_t j = 0; unchanged && j < alen; j++)
                    unchanged = PyUnicode_READ(ak, ad, j) == PyUnicode_READ(kind, data, p + j);
            }
            if (unchanged) {
                Py_DECREF(after);
                continue;
            }
            if (append_slice(parts, text, pos, p) < 0 || PyList_Append(parts, after) < 0) {
                Py_DECREF(after);
                goto done;
            }
            Py_DECREF(after);
            out_len += p - pos;
            PyObject *s0 = PyLong_FromSsize_t(out_len), *s1 = PyLong_FromSsize_t(out_len + alen);
            int bad = !s0 || !s1 || PyList_Append(changed, s0) < 0 || PyList_Append(changed, s1) < 0;
            Py_XDECREF(s0);
            Py_XDECREF(s1);
            if (bad) goto done;
            out_len += alen;
            pos = e;
        }
        if (!bounds) break;
    }
    if (append_slice(parts, text, pos, n) < 0) goto done;
    {
        PyObject *empty = PyUnicode_New(0, 0);
        PyObject *joined = empty ? PyUnicode_Join(empty, parts) : NULL;
        Py_XDECREF(empty);
        if (joined) {
            result = PyTuple_Pack(2, joined, changed);
            Py_DECREF(joined);
        }
    }
    goto done;
collision:
    result = Py_None;
    Py_INCREF(result);
done:
    self->busy--;
    PyMem_Free(bounds);
    Py_XDECREF(parts);
    Py_XDECREF(changed);
    return result;
}

static PyObject *Index_get_maxlen(IndexObject *self, void *closure) {
    (void)closure;
    return PyLong_FromSsize_t(self->maxlen);
}

static PyObject *Index_sizeof(IndexObject *self, PyObject *unused) {
    (void)unused;
    size_t size = sizeof(IndexObject) + (self->keys.cap + self->firsts.cap + self->exact.cap) * sizeof(Slot) +
                  (self->filter.bits ? (self->filter.mask + 1) / 8 : 0) +
                  (self->first_filter.bits ? (self->first_filter.mask + 1) / 8 : 0);
    return PyLong_FromSize_t(size);
}

/* -- the index as bytes: a process loads the index of a glossary it has seen before
   instead of hashing every key again (see scan._index and cache.py). Only the used slots
   are written; loading inserts them into fresh tables and builds the filters, so the
   tables are sound whatever the bytes hold (at worst they answer wrongly, and every
   answer is checked against the trie anyway). ------------------------------------------ */

#define DUMP_MAGIC "GLSRYIDX"
#define DUMP_VERSION 2u
#define DUMP_ORDER 0x0102030405060708ull /* byte order and word size of the writer */

typedef struct {
    char magic[8];
    uint32_t version;
    uint32_t slot_size;
    uint64_t order;
    int64_t maxlen;
    uint64_t keys, firsts; /* used slots of each table, written in this order */
} DumpHeader;

static char *dump_table(char *o, const Table *t) {
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->slots[i].hash) continue;
        memcpy(o, &t->slots[i], sizeof(Slot));
        o += sizeof(Slot);
    }
    return o;
}

static PyObject *Index_to_bytes(IndexObject *self, PyObject *unused) {
    (void)unused;
    if (!ready(self)) return NULL;
    DumpHeader h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, DUMP_MAGIC, 8);
    h.version = DUMP_VERSION;
    h.slot_size = (uint32_t)sizeof(Slot);
    h.order = DUMP_ORDER;
    h.maxlen = (int64_t)self->maxlen;
    h.keys = self->keys.used;
    h.firsts = self->firsts.used;
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(sizeof h + (h.keys + h.firsts) * sizeof(Slot)));
    if (!out) return NULL;
    char *o = PyBytes_AS_STRING(out);
    memcpy(o, &h, sizeof h);
    dump_table(dump_table(o + sizeof h, &self->keys), &self->firsts);
    return out;
}

#define SLOT_BITS (0xFFu | 0xFFu << PREFIX_SHIFT | COLLISION)

static int load_table(Table *t, const char *src, uint64_t n, unsigned long n_keys) {
    if (table_init(t, (Py_ssize_t)n) < 0) {
        PyErr_NoMemory();
        return -1;
    }
    for (uint64_t i = 0; i < n; i++) {
        Slot s;
        memcpy(&s, src + i * sizeof(Slot), sizeof(Slot));
        if (!s.hash || s.kid >= (n_keys ? n_keys : 1) || (s.mask & ~SLOT_BITS)) {
            PyErr_SetString(PyExc_ValueError, "index dump: a slot out of range");
            return -1;
        }
        if (table_put(t, s.hash, s.kid, s.mask) < 0) {
            PyErr_NoMemory();
            return -1;
        }
    }
    return 0;
}

/* Index.from_bytes(data, key_count): the index to_bytes() wrote; ValueError for bytes of
   another version of this module or another machine, cut short or out of range. */
static PyObject *Index_from_bytes(PyTypeObject *type, PyObject *args) {
    Py_buffer buf;
    unsigned long n_keys;
    if (!PyArg_ParseTuple(args, "y*k", &buf, &n_keys)) return NULL;
    DumpHeader h;
    const char *d = (const char *)buf.buf;
    size_t len = (size_t)buf.len;
    if (len < sizeof h) goto bad;
    memcpy(&h, d, sizeof h);
    if (memcmp(h.magic, DUMP_MAGIC, 8) || h.version != DUMP_VERSION || h.slot_size != sizeof(Slot) ||
        h.order != DUMP_ORDER || h.maxlen < 0 || h.maxlen > PY_SSIZE_T_MAX / 2 ||
        h.keys > (len - sizeof h) / sizeof(Slot) || h.firsts > (len - sizeof h) / sizeof(Slot) ||
        len != sizeof h + (h.keys + h.firsts) * sizeof(Slot))
        goto bad;
    IndexObject *self = (IndexObject *)type->tp_alloc(type, 0);
    if (!self) {
        PyBuffer_Release(&buf);
        return NULL;
    }
    const char *p = d + sizeof h;
    PyObject *none = NULL;
    if (load_table(&self->keys, p, h.keys, n_keys) < 0 ||
        load_table(&self->firsts, p + h.keys * sizeof(Slot), h.firsts, n_keys) < 0) {
        Py_DECREF(self);
        PyBuffer_Release(&buf);
        return NULL;
    }
    PyBuffer_Release(&buf);
    self->maxlen = (Py_ssize_t)h.maxlen;
    if (filter_build(&self->filter, &self->keys) < 0 || filter_build(&self->first_filter, &self->firsts) < 0) {
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    if (!(none = PyTuple_New(0)) || add_exact(self, none) < 0) {
        Py_XDECREF(none);
        Py_DECREF(self);
        return NULL;
    }
    Py_DECREF(none);
    return (PyObject *)self;
bad:
    PyBuffer_Release(&buf);
    PyErr_SetString(PyExc_ValueError, "not an index dump of this version of the scanner");
    return NULL;
}

static PyMethodDef Index_methods[] = {
    {"scan", (PyCFunction)Index_scan, METH_VARARGS,
     "scan(text, mode, lo=0, hi=len(text)) -> list of (start, end, key id), leftmost-longest."},
    {"fix", (PyCFunction)Index_fix, METH_VARARGS,
     "fix(text, mode, windows, keys, key_of, fixes, fix_of, carry) -> (new text, changed spans) or None."},
    {"set_exact", (PyCFunction)Index_set_exact, METH_O,
     "set_exact(exact): (spelling, key id) of every row of a case-sensitive kind."},
    {"__sizeof__", (PyCFunction)Index_sizeof, METH_NOARGS, "Bytes held by the index."},
    {"to_bytes", (PyCFunction)Index_to_bytes, METH_NOARGS,
     "to_bytes() -> the index (without the spellings of set_exact) as bytes, for from_bytes()."},
    {"from_bytes", (PyCFunction)Index_from_bytes, METH_VARARGS | METH_CLASS,
     "from_bytes(data, key_count) -> the Index to_bytes() wrote, checked; ValueError otherwise."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Index_getset[] = {
    {"maxlen", (getter)Index_get_maxlen, NULL, "Length of the longest key.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject IndexType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "glossary._speedups.Index",
    .tp_basicsize = sizeof(IndexObject),
    .tp_dealloc = (destructor)Index_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Hash index of folded glossary keys and their prefixes.",
    .tp_methods = Index_methods,
    .tp_getset = Index_getset,
    .tp_init = (initproc)Index_init,
    .tp_new = PyType_GenericNew,
};

/* kinds(records, width, n) -> bytes: for each of the first n bit-packed records, 1 << its
   kind code, with 0x80 added when its key has more rows in the overflow region. */
static PyObject *module_kinds(PyObject *mod, PyObject *args) {
    (void)mod;
    Py_buffer buf;
    Py_ssize_t width, n;
    if (!PyArg_ParseTuple(args, "y*nn", &buf, &width, &n)) return NULL;
    /* n * width must not overflow (signed overflow is undefined) before it is compared. */
    if (width < 5 || width > 64 || n < 0 || n > (PY_SSIZE_T_MAX - 7) / width || (n * width + 7) / 8 > buf.len) {
        PyBuffer_Release(&buf);
        PyErr_SetString(PyExc_ValueError, "records buffer too short for n records of this width");
        return NULL;
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, n);
    if (!out) {
        PyBuffer_Release(&buf);
        return NULL;
    }
    const uint8_t *d = (const uint8_t *)buf.buf;
    char *o = PyBytes_AS_STRING(out);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t bit = i * width, byte = bit >> 3;
        unsigned v = d[byte];
        if (byte + 1 < buf.len) v |= (unsigned)d[byte + 1] << 8;
        v >>= (bit & 7);
        o[i] = (char)((1u << (v & 3)) | ((v >> 4) & 1 ? 0x80u : 0u));
    }
    PyBuffer_Release(&buf);
    return out;
}

/* PairTable: flags (0 to 3) for pairs of strings, as one 64-bit word per pair in an
   open-addressing table: the pair's two str hashes mixed, with the flags in the low two
   bits. No key is kept, so two pairs whose mixed hashes agree in 62 bits share their
   flags (odds of 2^-62 per pair met); in exchange, a lookup reads one word of a compact
   array instead of two dicts and their keys. The context layer's gate (gate.py) looks up
   every pair of adjacent tokens of a text in one call, learning those it lacks: mark(). */
typedef struct {
    PyObject_HEAD
    uint64_t *slots; /* 0: empty */
    size_t cap;      /* power of two */
    size_t used;
} PairTableObject;

static uint64_t pair_key(Py_hash_t ha, Py_hash_t hb) {
    uint64_t x = (uint64_t)ha * 0x9E3779B97F4A7C15ULL ^ ((uint64_t)hb + 0x632BE59BD9B4E019ULL);
    x ^= x >> 31;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 29;
    return (x | 4) & ~(uint64_t)3; /* never 0, flags go in the low two bits */
}

static size_t pair_find(const PairTableObject *t, uint64_t key) {
    size_t i = (size_t)(key >> 2) & (t->cap - 1);
    while (t->slots[i] && (t->slots[i] & ~(uint64_t)3) != key) i = (i + 1) & (t->cap - 1);
    return i;
}

static int pair_grow(PairTableObject *t) {
    size_t cap = t->cap ? t->cap * 2 : 1024;
    uint64_t *old = t->slots, *slots = PyMem_Calloc(cap, sizeof(uint64_t));
    if (!slots) {
        PyErr_NoMemory();
        return -1;
    }
    size_t oldcap = t->cap;
    t->slots = slots;
    t->cap = cap;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i]) t->slots[pair_find(t, old[i] & ~(uint64_t)3)] = old[i];
    PyMem_Free(old);
    return 0;
}

static void PairTable_dealloc(PairTableObject *self) {
    PyMem_Free(self->slots);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int pair_hashes(PyObject *a, PyObject *b, Py_hash_t *ha, Py_hash_t *hb) {
    if (!PyUnicode_CheckExact(a) || !PyUnicode_CheckExact(b)) {
        PyErr_SetString(PyExc_TypeError, "PairTable holds pairs of str");
        return -1;
    }
    *ha = PyObject_Hash(a);
    *hb = PyObject_Hash(b);
    return (*ha == -1 || *hb == -1) ? -1 : 0;
}

/* add(a, b, flags): set the pair's flags (0 to 3). */
static PyObject *PairTable_add(PairTableObject *self, PyObject *args) {
    PyObject *a, *b;
    int flags;
    Py_hash_t ha, hb;
    if (!PyArg_ParseTuple(args, "UUi:add", &a, &b, &flags)) return NULL;
    if (flags < 0 || flags > 3) {
        PyErr_SetString(PyExc_ValueError, "flags must be 0 to 3");
        return NULL;
    }
    if (pair_hashes(a, b, &ha, &hb) < 0) return NULL;
    if ((self->used + 1) * 2 > self->cap && pair_grow(self) < 0) return NULL;
    uint64_t key = pair_key(ha, hb);
    size_t i = pair_find(self, key);
    if (!self->slots[i]) self->used++;
    self->slots[i] = key | (uint64_t)flags;
    Py_RETURN_NONE;
}

/* get(a, b) -> the pair's flags, or None. */
static PyObject *PairTable_get(PairTableObject *self, PyObject *args) {
    PyObject *a, *b;
    Py_hash_t ha, hb;
    if (!PyArg_ParseTuple(args, "UU:get", &a, &b)) return NULL;
    if (pair_hashes(a, b, &ha, &hb) < 0) return NULL;
    if (!self->cap) Py_RETURN_NONE;
    uint64_t slot = self->slots[pair_find(self, pair_key(ha, hb))];
    if (!slot) Py_RETURN_NONE;
    return PyLong_FromLong((long)(slot & 3));
}

static int append_index(PyObject *list, Py_ssize_t i) {
    PyObject *at = PyLong_FromSsize_t(i);
    if (!at) return -1;
    int bad = PyList_Append(list, at);
    Py_DECREF(at);
    return bad;
}

/* The key of the pair tokens[i - 1], tokens[i] into *key (0 for no pair: i is 0, or either
   token is empty, a line's end), carrying the hash of tokens[i] in *prev for the next; -1
   with a TypeError (``what``) when tokens[i] is no str. */
static int pair_at(PyObject *tokens, Py_ssize_t i, Py_hash_t *prev, uint64_t *key, const char *what) {
    PyObject *t = PyList_GET_ITEM(tokens, i);
    if (!PyUnicode_CheckExact(t)) {
        PyErr_SetString(PyExc_TypeError, what);
        return -1;
    }
    Py_hash_t h = PyObject_Hash(t);
    if (h == -1) return -1;
    int pair = i && PyUnicode_GET_LENGTH(t) && PyUnicode_GET_LENGTH(PyList_GET_ITEM(tokens, i - 1));
    *key = pair ? pair_key(*prev, h) : 0;
    *prev = h;
    return 0;
}

/* Does a trigger fire beside a token whose class index is n (an int, -1 for none):
   True fires always, False never, (none_of, ids) when n is a key of the dict ids (not
   one, when none_of)? 1 or 0, or -1 with a TypeError. */
static int trigger_fires(PyObject *trigger, PyObject *n) {
    if (trigger == Py_True) return 1;
    if (trigger == Py_False) return 0;
    if (!PyTuple_CheckExact(trigger) || PyTuple_GET_SIZE(trigger) != 2 || !PyBool_Check(PyTuple_GET_ITEM(trigger, 0))
        || !PyDict_Check(PyTuple_GET_ITEM(trigger, 1)) || !PyLong_CheckExact(n)) {
        PyErr_SetString(PyExc_TypeError, "mark() needs triggers True, False or (bool, dict of int) and int classes");
        return -1;
    }
    long v = PyLong_AsLong(n);
    if (v < 0) return v == -1 && PyErr_Occurred() ? -1 : 0;
    int in = PyDict_Contains(PyTuple_GET_ITEM(trigger, 1), n);
    return in < 0 ? -1 : in != (PyTuple_GET_ITEM(trigger, 0) == Py_True);
}

/* A new reference to what `facts` holds for `token`, worked out by `work(token)` and kept
   in `facts` when it holds nothing: a tuple (as second, as first, end class, start
   class); NULL with an exception. */
static PyObject *token_facts(PyObject *facts, PyObject *work, PyObject *token) {
    PyObject *got = PyDict_GetItemWithError(facts, token);
    if (got) {
        Py_INCREF(got);
    } else {
        if (PyErr_Occurred() || !(got = PyObject_CallOneArg(work, token))) return NULL;
        if (PyDict_SetItem(facts, token, got) < 0) {
            Py_DECREF(got);
            return NULL;
        }
    }
    if (!PyTuple_CheckExact(got) || PyTuple_GET_SIZE(got) != 4) {
        Py_DECREF(got);
        PyErr_SetString(PyExc_TypeError, "mark() needs facts (second, first, end class, start class) per token");
        return NULL;
    }
    return got;
}

/* The flags of a pair the table lacks: 1 when the second token's trigger as a second
   fires beside the first's end class, 2 when the first's trigger as a first fires beside
   the second's start class; -1 with an exception. Runs Python code (work). */
static int pair_flags(PyObject *facts, PyObject *work, PyObject *a, PyObject *b) {
    PyObject *fa = token_facts(facts, work, a);
    if (!fa) return -1;
    PyObject *fb = token_facts(facts, work, b);
    if (!fb) {
        Py_DECREF(fa);
        return -1;
    }
    int second = trigger_fires(PyTuple_GET_ITEM(fb, 0), PyTuple_GET_ITEM(fa, 2));
    int first = second < 0 ? -1 : trigger_fires(PyTuple_GET_ITEM(fa, 1), PyTuple_GET_ITEM(fb, 3));
    Py_DECREF(fa);
    Py_DECREF(fb);
    return first < 0 ? -1 : second | first << 1;
}

/* mark(tokens, facts, work) -> spots: the indices j, in order and each once, of the tokens
   a pair flags (flag 1 of tokens[j - 1], tokens[j]; flag 2 of tokens[j], tokens[j + 1]);
   a pair holds two tokens, neither empty (an empty token separates lines). A pair the
   table lacks is learnt on the way, its flags worked out (pair_flags) from the facts of
   its tokens in the dict `facts`, which `work(token)` fills where they are missing. */
static PyObject *PairTable_mark(PairTableObject *self, PyObject *args) {
    PyObject *tokens, *facts, *work;
    if (!PyArg_ParseTuple(args, "O!O!O:mark", &PyList_Type, &tokens, &PyDict_Type, &facts, &work)) return NULL;
    PyObject *spots = PyList_New(0);
    if (!spots) return NULL;
    Py_INCREF(tokens); /* work() runs Python code: the list stays ours, its size read each time round */
    Py_hash_t prev = 0;
    uint64_t key;
    Py_ssize_t last = -1; /* the last index put in spots */
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(tokens); i++) {
        if (pair_at(tokens, i, &prev, &key, "mark() needs a list of str") < 0) goto fail;
        if (!key) continue;
        uint64_t slot = self->cap ? self->slots[pair_find(self, key)] : 0;
        if (!slot) {
            PyObject *a = PyList_GET_ITEM(tokens, i - 1), *b = PyList_GET_ITEM(tokens, i);
            Py_INCREF(a);
            Py_INCREF(b);
            int flags = pair_flags(facts, work, a, b);
            Py_DECREF(a);
            Py_DECREF(b);
            if (flags < 0) goto fail;
            /* found again: work() may have cleared or grown the table */
            if ((self->used + 1) * 2 > self->cap && pair_grow(self) < 0) goto fail;
            size_t at = pair_find(self, key);
            if (!self->slots[at]) self->used++;
            slot = self->slots[at] = key | (uint64_t)flags;
        }
        if ((slot & 2) && last < i - 1) {
            if (append_index(spots, i - 1) < 0) goto fail;
            last = i - 1;
        }
        if (slot & 1) {
            if (append_index(spots, i) < 0) goto fail;
            last = i;
        }
    }
    Py_DECREF(tokens);
    return spots;
fail:
    Py_DECREF(tokens);
    Py_DECREF(spots);
    return NULL;
}

static PyObject *PairTable_clear(PairTableObject *self, PyObject *unused) {
    (void)unused;
    PyMem_Free(self->slots);
    self->slots = NULL;
    self->cap = self->used = 0;
    Py_RETURN_NONE;
}

static Py_ssize_t PairTable_len(PairTableObject *self) { return (Py_ssize_t)self->used; }

static PyMethodDef PairTable_methods[] = {
    {"add", (PyCFunction)PairTable_add, METH_VARARGS, "add(a, b, flags): set the flags (0 to 3) of a pair of str."},
    {"get", (PyCFunction)PairTable_get, METH_VARARGS, "get(a, b) -> the flags of a pair, or None."},
    {"mark", (PyCFunction)PairTable_mark, METH_VARARGS,
     "mark(tokens, facts, work) -> the indices of the tokens pairs flag; pairs the table lacks are learnt."},
    {"clear", (PyCFunction)PairTable_clear, METH_NOARGS, "Forget every pair."},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods PairTable_as_sequence = {.sq_length = (lenfunc)PairTable_len};

static PyTypeObject PairTableType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "glossary._speedups.PairTable",
    .tp_basicsize = sizeof(PairTableObject),
    .tp_dealloc = (destructor)PairTable_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Flags of pairs of str, by their mixed hashes.",
    .tp_methods = PairTable_methods,
    .tp_as_sequence = &PairTable_as_sequence,
    .tp_new = PyType_GenericNew,
};

/* Counts: a frozen map of uint32 keys to uint32 counts (the bigram table's pairs), built at
   C speed from two native arrays, where a dict of 57k int keys took a new process ~15 ms
   to unmarshal. One 64-bit word per slot of an open-addressing table: (key + 1) << 32 |
   count, 0 for empty; so a key is below 2^32 - 1 (the last uint32 is refused). */
typedef struct {
    PyObject_HEAD
    uint64_t *slots;
    size_t cap; /* power of two, at least twice the number of keys */
    size_t used;
} CountsObject;

static PyTypeObject CountsType;

static size_t counts_find(const uint64_t *slots, size_t cap, uint32_t key) {
    uint64_t want = (uint64_t)key + 1, h = want * 0x9E3779B97F4A7C15ULL;
    size_t i = (size_t)(h >> 32) & (cap - 1);
    while (slots[i] && (slots[i] >> 32) != want) i = (i + 1) & (cap - 1);
    return i;
}

static void Counts_dealloc(CountsObject *self) {
    PyMem_Free(self->slots);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Counts(keys, values): native uint32 arrays (bytes-like) of the same length, every key
   below 2^32 - 1; a key given twice keeps its last count, as a dict made from them would.
   The map is built aside and takes the object's place only once every key is in. */
static int Counts_init(CountsObject *self, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"keys", "values", NULL};
    Py_buffer k, v;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "y*y*:Counts", kwlist, &k, &v)) return -1;
    uint64_t *slots = NULL;
    size_t n = (size_t)k.len / 4, cap = 16, used = 0;
    if (k.len % 4 || k.len != v.len) {
        PyErr_SetString(PyExc_ValueError, "Counts needs two native uint32 arrays of the same length");
        goto done;
    }
    while (cap < 2 * n) cap *= 2;
    if (!(slots = PyMem_Calloc(cap, sizeof(uint64_t)))) {
        PyErr_NoMemory();
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t key, count;
        memcpy(&key, (const char *)k.buf + 4 * i, 4);
        memcpy(&count, (const char *)v.buf + 4 * i, 4);
        if (key == UINT32_MAX) {
            PyErr_SetString(PyExc_ValueError, "Counts keys must be below 2**32 - 1");
            PyMem_Free(slots);
            slots = NULL;
            goto done;
        }
        size_t at = counts_find(slots, cap, key);
        used += !slots[at];
        slots[at] = ((uint64_t)key + 1) << 32 | count;
    }
    PyMem_Free(self->slots);
    self->slots = slots;
    self->cap = cap;
    self->used = used;
done:
    PyBuffer_Release(&k);
    PyBuffer_Release(&v);
    return slots ? 0 : -1;
}

/* get(key, default=None) -> the key's count, or default: also for an int out of the keys'
   range, as a dict without it would answer, and for a key that is no int (where a dict
   would find 1.0 as 1). */
static PyObject *Counts_get(CountsObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs < 1 || nargs > 2) {
        PyErr_SetString(PyExc_TypeError, "get() takes a key and an optional default");
        return NULL;
    }
    PyObject *fallback = nargs == 2 ? args[1] : Py_None;
    if (PyLong_Check(args[0]) && self->cap) { /* an int's subclass (True, an IntEnum) as its value */
        int overflow;
        long long key = PyLong_AsLongLongAndOverflow(args[0], &overflow);
        if (key == -1 && PyErr_Occurred()) return NULL;
        if (!overflow && key >= 0 && key <= 0xFFFFFFFELL) {
            uint64_t slot = self->slots[counts_find(self->slots, self->cap, (uint32_t)key)];
            if (slot) return PyLong_FromUnsignedLong((unsigned long)(slot & 0xFFFFFFFFu));
        }
    }
    Py_INCREF(fallback);
    return fallback;
}

int glossary_is_counts(PyObject *o) { return Py_IS_TYPE(o, &CountsType); }

uint32_t glossary_counts_get(PyObject *counts, uint32_t key) {
    CountsObject *c = (CountsObject *)counts;
    if (!c->cap || key == UINT32_MAX) return 0;
    uint64_t slot = c->slots[counts_find(c->slots, c->cap, key)];
    return slot ? (uint32_t)(slot & 0xFFFFFFFFu) : 0;
}

/* items() -> a list of (key, count), in no set order. */
static PyObject *Counts_items(CountsObject *self, PyObject *unused) {
    (void)unused;
    PyObject *out = PyList_New((Py_ssize_t)self->used);
    if (!out) return NULL;
    Py_ssize_t j = 0;
    for (size_t i = 0; i < self->cap; i++) {
        uint64_t slot = self->slots[i];
        if (!slot) continue;
        PyObject *pair = Py_BuildValue("(kk)", (unsigned long)((slot >> 32) - 1), (unsigned long)(slot & 0xFFFFFFFFu));
        if (!pair) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, j++, pair);
    }
    return out;
}

static Py_ssize_t Counts_len(CountsObject *self) { return (Py_ssize_t)self->used; }

static PyObject *Counts_sizeof(CountsObject *self, PyObject *unused) {
    (void)unused;
    return PyLong_FromSize_t(sizeof(CountsObject) + self->cap * sizeof(uint64_t));
}

static PyMethodDef Counts_methods[] = {
    {"get", (PyCFunction)(void (*)(void))Counts_get, METH_FASTCALL, "get(key, default=None) -> the key's count, or default."},
    {"items", (PyCFunction)Counts_items, METH_NOARGS, "items() -> a list of (key, count), in no set order."},
    {"__sizeof__", (PyCFunction)Counts_sizeof, METH_NOARGS, "Bytes held by the map."},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods Counts_as_sequence = {.sq_length = (lenfunc)Counts_len};

static PyTypeObject CountsType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "glossary._speedups.Counts",
    .tp_basicsize = sizeof(CountsObject),
    .tp_dealloc = (destructor)Counts_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A frozen map of uint32 keys to uint32 counts.",
    .tp_methods = Counts_methods,
    .tp_as_sequence = &Counts_as_sequence,
    .tp_init = (initproc)Counts_init,
    .tp_new = PyType_GenericNew,
};

/* glossary/_prepare.c: the prepared view of a text (text.prepare), in C. */
PyObject *glossary_prepare(PyObject *mod, PyObject *args);

/* sorted_index(keys, key) -> where `key` (an int, or what __index__ makes one) stands in a
   native uint32 array of keys in ascending order (an array('I'), or a buffer of that
   format), by binary search, or -1 when it is not there (also for an int out of the uint32
   range). The same probes as bisect.bisect_left, without making an int of each key
   probed: the restorer's and the general pairs' sorted tables are read so. */
static PyObject *module_sorted_index(PyObject *mod, PyObject *const *args, Py_ssize_t nargs) {
    (void)mod;
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "sorted_index() takes keys and a key");
        return NULL;
    }
    PyObject *index = PyNumber_Index(args[1]);
    if (!index) return NULL;
    int overflow;
    long long key = PyLong_AsLongLongAndOverflow(index, &overflow);
    Py_DECREF(index);
    if (key == -1 && PyErr_Occurred()) return NULL;
    Py_buffer k;
    if (glossary_uint32_buffer(args[0], &k, "sorted_index() keys") < 0) return NULL;
    Py_ssize_t found = !overflow && key >= 0 ? glossary_sorted_find(&k, (uint64_t)key) : -1;
    PyBuffer_Release(&k);
    return PyLong_FromSsize_t(found);
}

int glossary_uint32_buffer(PyObject *o, Py_buffer *view, const char *what) {
    if (PyObject_GetBuffer(o, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) return -1;
    const char *f = view->format ? view->format : "B";
    if (view->itemsize != 4 || !(strcmp(f, "I") == 0 || strcmp(f, "@I") == 0 || strcmp(f, "=I") == 0)) {
        PyBuffer_Release(view);
        PyErr_Format(PyExc_ValueError, "%s must be a native uint32 array (array('I'))", what);
        return -1;
    }
    return 0;
}

uint32_t glossary_uint32_at(const Py_buffer *view, Py_ssize_t i) {
    uint32_t x;
    memcpy(&x, (const char *)view->buf + 4 * i, 4); /* a buffer of this format may start anywhere (a view of bytes cast) */
    return x;
}

Py_ssize_t glossary_sorted_find(const Py_buffer *keys, uint64_t key) {
    if (key > UINT32_MAX) return -1;
    Py_ssize_t lo = 0, n = keys->len / 4, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (glossary_uint32_at(keys, mid) < key) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && glossary_uint32_at(keys, lo) == key ? lo : -1;
}

static PyMethodDef module_methods[] = {
    {"prepare", (PyCFunction)glossary_prepare, METH_VARARGS,
     "prepare(text, spaces, want, edit_type, unicode_kind, space_kind, term) -> (view, edits or map) or None."},
    {"kinds", (PyCFunction)module_kinds, METH_VARARGS, "kinds(records, width, n) -> bytes of kind masks."},
    {"fold", (PyCFunction)module_fold, METH_O, "fold(text) -> text folded per code point, as scan() folds."},
    {"sorted_index", (PyCFunction)(void (*)(void))module_sorted_index, METH_FASTCALL,
     "sorted_index(keys, key) -> the index of key in a sorted native uint32 array, or -1."},
    {"pair_counts", (PyCFunction)glossary_pair_counts, METH_VARARGS,
     "pair_counts(text, blanks) -> {(a, b): n}: pairs of whole words with only blanks between."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "glossary._speedups", "C scanner for glossary.", -1, module_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__speedups(void) {
    struct {
        const char *name;
        PyTypeObject *type;
    } types[] = {{"Index", &IndexType}, {"PairTable", &PairTableType}, {"Counts", &CountsType},
                 {"Weigher", glossary_weigher_type()}, {"Smoothed", glossary_smoothed_type()}};
    size_t n_types = sizeof types / sizeof types[0];
    for (size_t i = 0; i < n_types; i++) {
        if (PyType_Ready(types[i].type) < 0) return NULL;
    }
    fill_fast_tables();
    if (glossary_pairs_init() < 0) return NULL;
    mark_known = PyMem_Calloc(MAX_CP / 8, 1);
    mark_is = PyMem_Calloc(MAX_CP / 8, 1);
    if (!mark_known || !mark_is) return PyErr_NoMemory();
    PyObject *ud = PyImport_ImportModule("unicodedata");
    if (!ud) return NULL;
    category_func = PyObject_GetAttrString(ud, "category");
    Py_DECREF(ud);
    if (!category_func) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    for (size_t i = 0; i < n_types; i++) {
        Py_INCREF(types[i].type);
        if (PyModule_AddObject(m, types[i].name, (PyObject *)types[i].type) < 0) {
            Py_DECREF(types[i].type);
            Py_DECREF(m);
            return NULL;
        }
    }
    return m;
}
