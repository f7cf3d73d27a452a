/* glossary._speedups.prepare: the prepared view of a text (text.prepare) in C.
 *
 * Compiled into the same extension module as the scanner (_speedups.c registers
 * prepare() in its method table). It gives exactly what text.prepare gives in Python:
 * the view (NFC, runs of spaces and no-break spaces inside a line collapsed to one
 * space, zero-width spaces dropped) and the same edits, in the same order, split the
 * same way:
 *
 *   NFC: text._nfc_edits. A segment is a run of non-ASCII characters with the ASCII
 *   character before it; a segment that is not NFC is cut into pieces before every
 *   character of combining class 0 that does not compose with what precedes it, and
 *   each piece whose NFC differs is one edit. The NFC of a piece comes from CPython's
 *   own unicodedata.normalize (remembered per piece: a language has few distinct
 *   pieces), so the composition rules are CPython's, never a copy of them.
 *
 *   Spaces: text._space_edits on the NFC text, mapped back to the input as
 *   edits.compose maps them.
 *
 * Where the two passes would interact (a piece that changes and holds a space character
 * or a line break, a dropped zero-width space that brings a combining mark next to
 * what it could compose with) or a piece is long (adversarial runs of marks), prepare()
 * returns None and text.prepare takes its Python path, which handles every case.
 *
 * Character properties (combining class, NFC-stable alone, may compose with what
 * precedes) are read from unicodedata on first sight of a code point and remembered.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define NBSP 0x00A0
#define ZWSP 0x200B
#define MAX_PIECE 32

#define P_KNOWN 1u
#define P_STABLE 2u /* NFC(c) == c */
#define P_MAYBE 4u  /* a starter that may compose with the character before it */
#define P_QUICK 8u  /* class 0, stable, never composes with what precedes: NFC "yes" */
#define P_TONE 16u  /* its NFD holds a grave, acute, tilde or hook (class 230, as a circumflex) */

static PyObject *normalize_func = NULL; /* unicodedata.normalize */
static PyObject *combining_func = NULL; /* unicodedata.combining */
static PyObject *nfc_name = NULL;       /* "NFC" */
static PyObject *nfd_name = NULL;       /* "NFD" */

static uint8_t *bmp_flags = NULL; /* per BMP code point, 0 = not yet known */
static uint8_t *bmp_ccc = NULL;

typedef struct {
    uint32_t cp; /* 0: empty */
    uint8_t flags, ccc;
} AstralProp;
#define ASTRAL_SLOTS 4096
static AstralProp *astral = NULL;
static size_t astral_used = 0;

/* Starters that compose with the character before them (NFC_Quick_Check=Maybe, class 0),
   as of Unicode 16, plus whole blocks where new ones may appear: a code point wrongly
   listed only costs speed (the exact test runs), one missing would skip a segment that
   needs work, and tests/test_prepare.py checks this list against unicodedata. */
static int maybe_composes(Py_UCS4 c) {
    static const Py_UCS4 list[] = {0x09BE, 0x09D7, 0x0B3E, 0x0B56, 0x0B57, 0x0BBE, 0x0BD7, 0x0C56, 0x0CC2,
                                   0x0CD5, 0x0CD6, 0x0D3E, 0x0D57, 0x0DCF, 0x0DDF, 0x102E, 0x1B35};
    for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++)
        if (list[i] == c) return 1;
    return (c >= 0x1100 && c < 0x1200) /* Hangul jamo */ || (c >= 0x11000 && c < 0x12000) ||
           (c >= 0x16000 && c < 0x17000);
}

/* Look the properties of c up in unicodedata. -1 with an exception set on failure. */
static int compute_props(Py_UCS4 c, uint8_t *flags, uint8_t *ccc) {
    PyObject *ch = PyUnicode_FromOrdinal((int)c);
    if (!ch) return -1;
    PyObject *cls = PyObject_CallOneArg(combining_func, ch);
    PyObject *nfc = cls ? PyObject_CallFunctionObjArgs(normalize_func, nfc_name, ch, NULL) : NULL;
    PyObject *nfd = nfc ? PyObject_CallFunctionObjArgs(normalize_func, nfd_name, ch, NULL) : NULL;
    int ok = 0;
    if (nfd) {
        long k = PyLong_AsLong(cls);
        int same = PyUnicode_Compare(nfc, ch);
        int tone = 0;
        for (Py_ssize_t j = 0; j < PyUnicode_GET_LENGTH(nfd); j++) {
            Py_UCS4 d = PyUnicode_READ_CHAR(nfd, j);
            tone |= d == 0x300 || d == 0x301 || d == 0x303 || d == 0x309;
        }
        if (!PyErr_Occurred()) {
            *ccc = (uint8_t)k;
            *flags = P_KNOWN | (same == 0 ? P_STABLE : 0) | (maybe_composes(c) ? P_MAYBE : 0) | (tone ? P_TONE : 0);
            if (k == 0 && same == 0 && !maybe_composes(c)) *flags |= P_QUICK;
            ok = 1;
        }
    }
    Py_XDECREF(cls);
    Py_XDECREF(nfc);
    Py_XDECREF(nfd);
    Py_DECREF(ch);
    return ok ? 0 : -1;
}

static int astral_props(Py_UCS4 c, uint8_t *flags, uint8_t *ccc);

static inline int props(Py_UCS4 c, uint8_t *flags, uint8_t *ccc) {
    if (c < 0x80) {
        *flags = P_KNOWN | P_STABLE | P_QUICK;
        *ccc = 0;
        return 0;
    }
    if (c < 0x10000) {
        if (!bmp_flags[c]) {
            if (compute_props(c, &bmp_flags[c], &bmp_ccc[c]) < 0) return -1;
        }
        *flags = bmp_flags[c];
        *ccc = bmp_ccc[c];
        return 0;
    }
    return astral_props(c, flags, ccc);
}

static int astral_props(Py_UCS4 c, uint8_t *flags, uint8_t *ccc) {
    size_t i = (c * 2654435761u) & (ASTRAL_SLOTS - 1);
    while (astral[i].cp) {
        if (astral[i].cp == c) {
            *flags = astral[i].flags;
            *ccc = astral[i].ccc;
            return 0;
        }
        i = (i + 1) & (ASTRAL_SLOTS - 1);
    }
    if (compute_props(c, flags, ccc) < 0) return -1;
    if (astral_used * 2 >= ASTRAL_SLOTS) { /* forget everything rather than grow */
        memset(astral, 0, ASTRAL_SLOTS * sizeof(AstralProp));
        astral_used = 0;
    }
    i = (c * 2654435761u) & (ASTRAL_SLOTS - 1); /* again: computing ran Python code, as another thread may have */
    while (astral[i].cp && astral[i].cp != c) i = (i + 1) & (ASTRAL_SLOTS - 1);
    if (!astral[i].cp) astral_used++;
    astral[i].cp = c;
    astral[i].flags = *flags;
    astral[i].ccc = *ccc;
    return 0;
}

/* -- remembered NFC of pieces, and of two-character pairs ------------------------------ */

typedef struct {
    uint64_t hash;
    PyObject *key; /* the piece as written */
    PyObject *nfc;
    int same;      /* nfc equals key: the piece is NFC */
} PieceSlot;
#define PIECE_SLOTS 8192
static PieceSlot *pieces = NULL;
static size_t pieces_used = 0;

static void forget_pieces(void) {
    for (size_t i = 0; i < PIECE_SLOTS; i++) {
        Py_CLEAR(pieces[i].key);
        Py_CLEAR(pieces[i].nfc);
        pieces[i].hash = 0;
    }
    pieces_used = 0;
}

static inline int same_chars(PyObject *s, int kind, const void *data, Py_ssize_t a, Py_ssize_t b) {
    if (PyUnicode_GET_LENGTH(s) != b - a) return 0;
    int sk = PyUnicode_KIND(s);
    const void *sd = PyUnicode_DATA(s);
    for (Py_ssize_t j = 0; j < b - a; j++)
        if (PyUnicode_READ(sk, sd, j) != PyUnicode_READ(kind, data, a + j)) return 0;
    return 1;
}

/* NFC of text[a:b] (a new reference; the cache keeps one too), or NULL with an exception.
   With key_out, *key_out is also set to a new reference to the cache's copy of text[a:b]. */
static PyObject *piece_nfc(PyObject *text, int kind, const void *data, Py_ssize_t a, Py_ssize_t b,
                           PyObject **key_out, int *same_out) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (Py_ssize_t j = a; j < b; j++) {
        h ^= PyUnicode_READ(kind, data, j);
        h *= 0x100000001b3ULL;
    }
    if (!h) h = 1;
    size_t i = (size_t)h & (PIECE_SLOTS - 1);
    while (pieces[i].hash) {
        if (pieces[i].hash == h && same_chars(pieces[i].key, kind, data, a, b)) {
            Py_INCREF(pieces[i].nfc);
            if (key_out) {
                Py_INCREF(pieces[i].key);
                *key_out = pieces[i].key;
            }
            if (same_out) *same_out = pieces[i].same;
            return pieces[i].nfc;
        }
        i = (i + 1) & (PIECE_SLOTS - 1);
    }
    PyObject *key = PyUnicode_Substring(text, a, b);
    if (!key) return NULL;
    PyObject *nfc = PyObject_CallFunctionObjArgs(normalize_func, nfc_name, key, NULL);
    if (!nfc) {
        Py_DECREF(key);
        return NULL;
    }
    if (pieces_used * 4 >= PIECE_SLOTS * 3) forget_pieces();
    /* probe again: the call above ran Python code, and another thread may have filled slots */
    i = (size_t)h & (PIECE_SLOTS - 1);
    while (pieces[i].hash) i = (i + 1) & (PIECE_SLOTS - 1);
    pieces[i].hash = h;
    pieces[i].key = key;
    pieces[i].nfc = nfc;
    pieces[i].same = same_chars(nfc, kind, data, a, b);
    if (same_out) *same_out = pieces[i].same;
    pieces_used++;
    Py_INCREF(nfc);
    if (key_out) {
        Py_INCREF(key);
        *key_out = key;
    }
    return nfc;
}

/* Does c (class 0, stable) stay as it is after l, i.e. NFC(l c) == l c? -1 on error. */
static int stays_after(Py_UCS4 l, Py_UCS4 c) {
    Py_UCS4 pair[2] = {l, c};
    PyObject *s = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, pair, 2);
    if (!s) return -1;
    /* pairs are few: remember them with the pieces */
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    int same = 0;
    PyObject *nfc = piece_nfc(s, kind, data, 0, 2, NULL, &same);
    int r = nfc ? same : -1;
    Py_XDECREF(nfc);
    Py_DECREF(s);
    return r;
}

/* -- edits ------------------------------------------------------------------------------ */

typedef struct {
    Py_ssize_t start, end; /* in the text the pass read */
    PyObject *after;       /* owned */
    PyObject *before;      /* owned, or NULL: made from the text when needed */
} Ed;

typedef struct {
    Ed *items;
    Py_ssize_t n, cap;
} Eds;

/* Append an edit; steals the references to after and before (may be NULL), also on failure. */
static int eds_push(Eds *v, Py_ssize_t s, Py_ssize_t e, PyObject *after, PyObject *before) {
    if (v->n == v->cap) {
        Py_ssize_t cap = v->cap ? v->cap * 2 : 64;
        Ed *items = PyMem_Realloc(v->items, (size_t)cap * sizeof(Ed));
        if (!items) {
            Py_DECREF(after);
            Py_XDECREF(before);
            PyErr_NoMemory();
            return -1;
        }
        v->items = items;
        v->cap = cap;
    }
    v->items[v->n].start = s;
    v->items[v->n].end = e;
    v->items[v->n].after = after;
    v->items[v->n].before = before;
    v->n++;
    return 0;
}

static void eds_free(Eds *v) {
    for (Py_ssize_t i = 0; i < v->n; i++) {
        Py_DECREF(v->items[i].after);
        Py_XDECREF(v->items[i].before);
    }
    PyMem_Free(v->items);
    v->items = NULL;
    v->n = v->cap = 0;
}

static inline int is_break(Py_UCS4 c) {
    return c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || c == 0x1c || c == 0x1d || c == 0x1e || c == 0x85 ||
           c == 0x2028 || c == 0x2029;
}

static inline int is_run(Py_UCS4 c) { return c == ' ' || c == NBSP || c == ZWSP; }

/* The first index from i on holding a character that is not ASCII and not known to be
   NFC whatever surrounds it (P_QUICK), or n. */
static Py_ssize_t next_unsure(int kind, const void *data, Py_ssize_t i, Py_ssize_t n) {
    if (kind == PyUnicode_2BYTE_KIND) {
        const Py_UCS2 *d = (const Py_UCS2 *)data;
        while (i < n && (d[i] < 0x80 || (bmp_flags[d[i]] & P_QUICK))) i++;
        return i;
    }
    if (kind == PyUnicode_4BYTE_KIND) {
        const Py_UCS4 *d = (const Py_UCS4 *)data;
        while (i < n && (d[i] < 0x80 || (d[i] < 0x10000 && (bmp_flags[d[i]] & P_QUICK)))) i++;
        return i;
    }
    const Py_UCS1 *d = (const Py_UCS1 *)data; /* Latin-1: no marks, nothing composes */
    (void)d;
    return n;
}

/* The NFC pass: edits of text, as text._nfc_edits makes them. 1 done, 0 give up, -1 error. */
static int nfc_pass(PyObject *text, Eds *out) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t i = 0;
    PyObject *done = NULL; /* NFC of text[start:done_end], when known */
    int done_same = 0;     /* ... and whether it equals that piece */
    int result = -1;
    while (i < n) {
        /* Skip ASCII and characters known to be NFC whatever surrounds them, at memory
           speed; the first other one (or one not seen yet) starts its segment's check. */
        i = next_unsure(kind, data, i, n);
        if (i >= n) break;
        while (i > 0 && PyUnicode_READ(kind, data, i - 1) >= 0x80) i--; /* back to the run's start */
        Py_ssize_t rs = i;
        while (i < n && PyUnicode_READ(kind, data, i) >= 0x80) i++;
        Py_ssize_t a = rs > 0 ? rs - 1 : 0, b = i; /* the segment: its pieces that are not NFC become edits */
        Py_ssize_t start = a, done_end = -1;
        uint8_t f0, k0;
        if (props(PyUnicode_READ(kind, data, a), &f0, &k0) < 0) goto done;
        int armed = (f0 & P_TONE) != 0; /* the piece holds a tone mark a circumflex or breve may follow */
        for (Py_ssize_t j = a + 1;; j++) {
            if (j < b) {
                Py_UCS4 c = PyUnicode_READ(kind, data, j);
                uint8_t f, k;
                if (props(c, &f, &k) < 0) goto done;
                /* a tone typed before a vowel mark: text.mark_order_edits fixes it, in Python */
                if (armed && (c == 0x302 || c == 0x306)) goto give_up;
                if (f & P_TONE) armed = 1;
                if (k != 0 || !(f & P_STABLE)) continue; /* a mark, or a character NFC changes: same piece */
                if (f & P_MAYBE) {
                    if (j - start > MAX_PIECE) goto give_up;
                    Py_XDECREF(done);
                    done = piece_nfc(text, kind, data, start, j, NULL, &done_same);
                    if (!done) goto done;
                    done_end = j;
                    Py_UCS4 l = PyUnicode_READ_CHAR(done, PyUnicode_GET_LENGTH(done) - 1);
                    uint8_t lf, lk;
                    if (props(l, &lf, &lk) < 0) goto done;
                    if (lk == 0) {
                        int stays = stays_after(l, c);
                        if (stays < 0) goto done;
                        if (!stays) continue; /* composes with the piece */
                    }
                }
            }
            /* the piece text[start:j] ends here */
            int unchanged = 0;
            if (j - start == 1) {
                uint8_t f0, k0;
                if (props(PyUnicode_READ(kind, data, start), &f0, &k0) < 0) goto done;
                unchanged = (f0 & P_STABLE) != 0;
            }
            if (!unchanged) {
                if (j - start > MAX_PIECE) goto give_up;
                PyObject *key = NULL; /* the piece as the cache holds it: the edit's before, shared */
                if (done_end != j) {
                    Py_XDECREF(done);
                    done = piece_nfc(text, kind, data, start, j, &key, &done_same);
                    if (!done) goto done;
                }
                if (!done_same) {
                    PyObject *after = done;
                    done = NULL;
                    if (eds_push(out, start, j, after, key) < 0) goto done;
                } else {
                    Py_XDECREF(key);
                }
            }
            Py_CLEAR(done);
            done_end = -1;
            if (j >= b) break;
            start = j;
            armed = 0;
            {
                uint8_t fs, ks;
                if (props(PyUnicode_READ(kind, data, j), &fs, &ks) < 0) goto done;
                armed = (fs & P_TONE) != 0;
            }
        }
    }
    result = 1;
    goto done;
give_up:
    result = 0;
done:
    Py_XDECREF(done);
    return result;
}

static PyObject *one_space = NULL, *no_space = NULL;

/* The first index from i on holding a space, a no-break space or a zero-width space, or n. */
static Py_ssize_t next_run(int kind, const void *data, Py_ssize_t i, Py_ssize_t n) {
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *d = (const Py_UCS1 *)data;
        while (i < n && d[i] != ' ' && d[i] != NBSP) i++;
    } else if (kind == PyUnicode_2BYTE_KIND) {
        const Py_UCS2 *d = (const Py_UCS2 *)data;
        while (i < n && d[i] != ' ' && d[i] != NBSP && d[i] != ZWSP) i++;
    } else {
        const Py_UCS4 *d = (const Py_UCS4 *)data;
        while (i < n && d[i] != ' ' && d[i] != NBSP && d[i] != ZWSP) i++;
    }
    return i;
}

/* The space pass: edits of s, as text._space_edits makes them. -1 on error. */
static int space_pass(PyObject *s, Eds *out) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    if (kind == PyUnicode_1BYTE_KIND && PyUnicode_IS_ASCII(s)) {
        /* only runs of spaces can change */
        const char *p = (const char *)data, *q = p;
        int two = 0;
        while (!two && (q = memchr(q, ' ', (size_t)(n - (q - p)))) != NULL && ++q < p + n) two = *q == ' ';
        if (!two) return 0;
    }
    Py_ssize_t i = 0;
    while (i < n) {
        i = next_run(kind, data, i, n);
        if (i >= n) break;
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == ' ' && (i + 1 == n || !is_run(PyUnicode_READ(kind, data, i + 1)))) {
            i++; /* a single space never changes */
            continue;
        }
        Py_ssize_t rs = i;
        int zw = 0, other = 0;
        while (i < n && is_run(c = PyUnicode_READ(kind, data, i))) {
            if (c == ZWSP) zw = 1;
            else other = 1;
            i++;
        }
        int interior = rs > 0 && !is_break(PyUnicode_READ(kind, data, rs - 1)) && i < n &&
                       !is_break(PyUnicode_READ(kind, data, i));
        if (interior) {
            if (i - rs == 1 && PyUnicode_READ(kind, data, rs) == ' ') continue;
            PyObject *after = other ? one_space : no_space;
            Py_INCREF(after);
            if (eds_push(out, rs, i, after, NULL) < 0) return -1;
        } else if (zw) {
            Py_ssize_t m = 0;
            for (Py_ssize_t j = rs; j < i; j++) m += PyUnicode_READ(kind, data, j) != ZWSP;
            Py_UCS4 maxc = 0;
            for (Py_ssize_t j = rs; j < i; j++) {
                Py_UCS4 x = PyUnicode_READ(kind, data, j);
                if (x != ZWSP && x > maxc) maxc = x;
            }
            PyObject *after = PyUnicode_New(m, maxc);
            if (!after) return -1;
            Py_ssize_t w = 0;
            for (Py_ssize_t j = rs; j < i; j++) {
                Py_UCS4 x = PyUnicode_READ(kind, data, j);
                if (x != ZWSP) PyUnicode_WRITE(PyUnicode_KIND(after), PyUnicode_DATA(after), w++, x);
            }
            if (eds_push(out, rs, i, after, NULL) < 0) return -1;
        }
    }
    return 0;
}

/* s with the edits applied (sorted, non-overlapping, indexing s): a new, canonical str. */
static PyObject *apply(PyObject *s, const Eds *v) {
    if (v->n == 0) {
        Py_INCREF(s);
        return s;
    }
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    Py_ssize_t n = PyUnicode_GET_LENGTH(s), len = 0, pos = 0;
    Py_UCS4 maxc = 0;
    /* the result must be as narrow as CPython would make it: find its widest character,
       reading the kept text only until it is as wide as the input's kind allows */
    Py_UCS4 widest = kind == PyUnicode_1BYTE_KIND ? 0x80 : kind == PyUnicode_2BYTE_KIND ? 0x100 : 0x10000;
    for (Py_ssize_t k = 0; k <= v->n; k++) {
        Py_ssize_t upto = k < v->n ? v->items[k].start : n;
        len += upto - pos;
        if (maxc < widest)
            for (Py_ssize_t j = pos; j < upto; j++) {
                Py_UCS4 x = PyUnicode_READ(kind, data, j);
                if (x > maxc) maxc = x;
            }
        if (k == v->n) break;
        PyObject *after = v->items[k].after;
        len += PyUnicode_GET_LENGTH(after);
        /* a replacement is a canonical str: its kind tells how wide it is */
        if (PyUnicode_MAX_CHAR_VALUE(after) > maxc) maxc = PyUnicode_MAX_CHAR_VALUE(after);
        pos = v->items[k].end;
    }
    PyObject *out = PyUnicode_New(len, maxc);
    if (!out) return NULL;
    int ok = PyUnicode_KIND(out);
    void *od = PyUnicode_DATA(out);
    Py_ssize_t w = 0;
    pos = 0;
    for (Py_ssize_t k = 0; k <= v->n; k++) {
        Py_ssize_t upto = k < v->n ? v->items[k].start : n;
        if (ok == kind) {
            memcpy((char *)od + w * kind, (const char *)data + pos * kind, (size_t)(upto - pos) * (size_t)kind);
            w += upto - pos;
        } else {
            for (Py_ssize_t j = pos; j < upto; j++) PyUnicode_WRITE(ok, od, w++, PyUnicode_READ(kind, data, j));
        }
        if (k == v->n) break;
        PyObject *after = v->items[k].after;
        Py_ssize_t al = PyUnicode_GET_LENGTH(after);
        int ak = PyUnicode_KIND(after);
        const void *ad = PyUnicode_DATA(after);
        if (ak == ok) {
            memcpy((char *)od + w * ok, ad, (size_t)al * (size_t)ok);
            w += al;
        } else {
            for (Py_ssize_t j = 0; j < al; j++) PyUnicode_WRITE(ok, od, w++, PyUnicode_READ(ak, ad, j));
        }
        pos = v->items[k].end;
    }
    return out;
}

static PyObject *make_edit(PyTypeObject *type, PyObject *text, Py_ssize_t s, Py_ssize_t e, PyObject *after,
                           PyObject *known_before, PyObject *kind, PyObject *term) {
    PyObject *ed = type->tp_alloc(type, 6);
    if (!ed) return NULL;
    if (known_before) Py_INCREF(known_before);
    PyObject *a = PyLong_FromSsize_t(s), *b = PyLong_FromSsize_t(e),
             *before = known_before ? known_before : PyUnicode_Substring(text, s, e);
    if (!a || !b || !before) {
        Py_XDECREF(a);
        Py_XDECREF(b);
        Py_XDECREF(before);
        Py_DECREF(ed);
        return NULL;
    }
    Py_INCREF(after);
    Py_INCREF(kind);
    Py_INCREF(term);
    PyTuple_SET_ITEM(ed, 0, a);
    PyTuple_SET_ITEM(ed, 1, b);
    PyTuple_SET_ITEM(ed, 2, before);
    PyTuple_SET_ITEM(ed, 3, after);
    PyTuple_SET_ITEM(ed, 4, kind);
    PyTuple_SET_ITEM(ed, 5, term);
    /* ints and strings only: it can hold no cycle, and the collector need not walk the
       hundreds of thousands of edits of a long NFD text (CPython untracks such tuples too) */
    PyObject_GC_UnTrack(ed);
    return ed;
}

static int lazy_init(void) {
    if (bmp_flags) return 0;
    PyObject *ud = PyImport_ImportModule("unicodedata");
    if (!ud) return -1;
    normalize_func = PyObject_GetAttrString(ud, "normalize");
    combining_func = PyObject_GetAttrString(ud, "combining");
    Py_DECREF(ud);
    nfc_name = PyUnicode_InternFromString("NFC");
    nfd_name = PyUnicode_InternFromString("NFD");
    one_space = PyUnicode_FromString(" ");
    no_space = PyUnicode_New(0, 0);
    uint8_t *flags = PyMem_Calloc(0x10000, 1), *ccc = PyMem_Calloc(0x10000, 1);
    astral = PyMem_Calloc(ASTRAL_SLOTS, sizeof(AstralProp));
    pieces = PyMem_Calloc(PIECE_SLOTS, sizeof(PieceSlot));
    if (!normalize_func || !combining_func || !nfc_name || !nfd_name || !one_space || !no_space || !flags || !ccc || !astral ||
        !pieces) {
        PyMem_Free(flags);
        PyMem_Free(ccc);
        if (!PyErr_Occurred()) PyErr_NoMemory();
        return -1;
    }
    bmp_ccc = ccc;
    bmp_flags = flags;
    return 0;
}

/* One edit in the input's offsets, handed to a sink: an Edit object or three int64 arrays. */
typedef struct {
    PyTypeObject *type; /* NULL: fill the arrays */
    PyObject *text, *list, *term;
    int64_t *starts, *ends, *sizes, *outs, *deltas;
    Py_ssize_t n;
} Sink;

static int sink_put(Sink *k, Py_ssize_t s, Py_ssize_t e, PyObject *after, PyObject *before, PyObject *kind) {
    if (k->starts) {
        Py_ssize_t size = PyUnicode_GET_LENGTH(after);
        k->starts[k->n] = s;
        k->ends[k->n] = e;
        k->sizes[k->n] = size;
        k->outs[k->n] = s + k->deltas[k->n];
        k->deltas[k->n + 1] = k->deltas[k->n] + size - (e - s);
        k->n++;
    }
    if (!k->type) return 0;
    PyObject *ed = make_edit(k->type, k->text, s, e, after, before, kind, k->term);
    if (!ed) return -1;
    int r = PyList_Append(k->list, ed);
    Py_DECREF(ed);
    return r;
}

/* prepare(text, spaces, want, edit_type, unicode_kind, space_kind, term) -> (view, x) or None.
   want 0: x is None; 1: x is a list of edit_type(start, end, before, after, kind, term);
   2: x is (starts, ends, sizes, outs, deltas), bytes objects of native int64: the edits'
   spans in the input, the lengths of what replaced them, where each replacement starts
   in the view, and the length change before each edit (n + 1 of them): an offset map,
   without edit objects; 3: x is (edits, map), both of the above.
   None (the whole result): the Python path must decide. */
PyObject *glossary_prepare(PyObject *mod, PyObject *args) {
    (void)mod;
    PyObject *text, *edit_type, *unicode_kind, *space_kind, *term;
    int spaces, want;
    if (!PyArg_ParseTuple(args, "UpiOOOU", &text, &spaces, &want, &edit_type, &unicode_kind, &space_kind, &term))
        return NULL;
    if (want < 0 || want > 3) {
        PyErr_SetString(PyExc_ValueError, "prepare(): want must be 0, 1, 2 or 3");
        return NULL;
    }
    if ((want & 1) &&
        (!PyType_Check(edit_type) || !PyType_IsSubtype((PyTypeObject *)edit_type, &PyTuple_Type) ||
         ((PyTypeObject *)edit_type)->tp_basicsize != PyTuple_Type.tp_basicsize ||
         ((PyTypeObject *)edit_type)->tp_dictoffset != 0)) {
        PyErr_SetString(PyExc_TypeError, "prepare() needs a named-tuple type for its edits, or None");
        return NULL;
    }
    if (lazy_init() < 0) return NULL;
    Eds nfc = {0}, sp = {0};
    PyObject *mid = NULL, *view = NULL, *edits = NULL, *result = NULL;
    if (PyUnicode_KIND(text) != PyUnicode_1BYTE_KIND) { /* Latin-1 text is always NFC */
        int r = nfc_pass(text, &nfc);
        if (r < 0) goto done;
        if (r == 0) goto python;
    }
    mid = apply(text, &nfc);
    if (!mid) goto done;
    if (spaces) {
        if (space_pass(mid, &sp) < 0) goto done;
        if (sp.n && nfc.n) {
            int tk = PyUnicode_KIND(text);
            const void *td = PyUnicode_DATA(text);
            for (Py_ssize_t k = 0; k < nfc.n; k++) {
                Py_UCS4 first = PyUnicode_READ(tk, td, nfc.items[k].start);
                if (is_run(first) || is_break(first)) goto python; /* the passes would meet: compose decides */
            }
        }
        int mk = PyUnicode_KIND(mid);
        const void *md = PyUnicode_DATA(mid);
        Py_ssize_t mn = PyUnicode_GET_LENGTH(mid);
        for (Py_ssize_t k = 0; k < sp.n; k++) {
            if (PyUnicode_GET_LENGTH(sp.items[k].after) || sp.items[k].end >= mn) continue;
            uint8_t f, c;
            if (props(PyUnicode_READ(mk, md, sp.items[k].end), &f, &c) < 0) goto done;
            if (c != 0 || (f & P_MAYBE)) goto python; /* a dropped U+200B may let NFC compose anew */
        }
    }
    view = apply(mid, &sp);
    if (!view) goto done;
    if (want == 0) {
        result = PyTuple_Pack(2, view, Py_None);
        goto done;
    }
    {
        Sink sink = {NULL, text, NULL, term, NULL, NULL, NULL, NULL, NULL, 0};
        Py_ssize_t total = nfc.n + sp.n;
        PyObject *list = NULL, *arrays = NULL;
        if (want & 1) {
            sink.type = (PyTypeObject *)edit_type;
            sink.list = list = PyList_New(0);
            if (!list) goto done;
        }
        if (want & 2) {
            arrays = PyTuple_New(5);
            if (!arrays) {
                Py_XDECREF(list);
                goto done;
            }
            int64_t **fill[5] = {&sink.starts, &sink.ends, &sink.sizes, &sink.outs, &sink.deltas};
            for (int f = 0; f < 5; f++) {
                PyObject *b = PyBytes_FromStringAndSize(NULL, (total + (f == 4)) * 8);
                if (!b) {
                    Py_XDECREF(list);
                    Py_DECREF(arrays);
                    goto done;
                }
                PyTuple_SET_ITEM(arrays, f, b);
                *fill[f] = (int64_t *)PyBytes_AS_STRING(b);
            }
            sink.deltas[0] = 0;
        }
        if (want == 3) {
            edits = PyTuple_Pack(2, list, arrays);
            Py_DECREF(list);
            Py_DECREF(arrays);
            if (!edits) goto done;
        } else {
            edits = list ? list : arrays;
        }
        Py_ssize_t k = 0, delta = 0;
        for (Py_ssize_t q = 0; q <= sp.n; q++) {
            /* first the NFC edits whose output ends at or before this space edit */
            while (k < nfc.n && (q == sp.n || nfc.items[k].start + delta < sp.items[q].start)) {
                Ed *x = &nfc.items[k++];
                if (sink_put(&sink, x->start, x->end, x->after, x->before, unicode_kind) < 0) goto done;
                delta += PyUnicode_GET_LENGTH(x->after) - (x->end - x->start);
            }
            if (q == sp.n) break;
            Ed *y = &sp.items[q];
            if (sink_put(&sink, y->start - delta, y->end - delta, y->after, NULL, space_kind) < 0) goto done;
        }
    }
    result = PyTuple_Pack(2, view, edits);
    goto done;
python:
    result = Py_None;
    Py_INCREF(result);
done:
    eds_free(&nfc);
    eds_free(&sp);
    Py_XDECREF(mid);
    Py_XDECREF(view);
    Py_XDECREF(edits);
    return result;
}
