/* glossary._speedups.Weigher: realword._weighed in C.
 *
 * Compiled into the same extension module as the scanner (_speedups.c registers the
 * type). It gives exactly what realword._weigh_python gives: the nats by which the best
 * kin of a word beats its margin between two neighbouring classes, on the cautious
 * bounds of the bigram table. The same formulas in the same order, in doubles (C's log
 * and sqrt, as Python's math module calls them), so the two agree to the bit; the
 * tests hold them to each other.
 *
 * What a word brings wherever it stands (its kin with their indices, the evidence a kin
 * needs, its own count and index) is worked out once per word in Python
 * (realword._profile) and handed in; a kin's channel cost and unigram probability are
 * asked of Python only for a kin with the evidence; the constants of the rules are
 * handed in once, at construction, so that realword.py stays the one place they are set.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "_speedups.h"

enum { C_K, C_BOUND, C_MARGIN, C_ASCII_MARGIN, C_BREAK_EXTRA, C_COMPOUND_BONUS, C_COMPOUND_SHARE, C_SLIP_RATE,
       C_LOG_EPSILON, C_EVIDENCE, C_COMPOUND_PAIRS, C_COMPOUND_RATIO, C_COMPOUND_MAX, C_COUNT };

typedef struct {
    PyObject_HEAD
    PyObject *index;  /* dict: class -> its index in the table */
    PyObject *pairs;  /* Counts: i * size + j -> how often j followed i */
    PyObject *brk, *en, *num, *unk; /* the special classes */
    PyObject *cost, *pu;            /* channel_cost(typed, meant) and unigram_p(class), called as needed */
    Py_ssize_t size, en_at;         /* en_at: EN's index, -1 when the table lacks it */
    double *counts, *lefts, *types, *rights; /* per index; exact: every count is far below 2**53 */
    double pu_en;
    double c[C_COUNT];
} WeigherObject;

static void Weigher_dealloc(WeigherObject *self) {
    Py_XDECREF(self->index);
    Py_XDECREF(self->pairs);
    Py_XDECREF(self->brk);
    Py_XDECREF(self->en);
    Py_XDECREF(self->num);
    Py_XDECREF(self->unk);
    Py_XDECREF(self->cost);
    Py_XDECREF(self->pu);
    PyMem_Free(self->counts);
    PyMem_Free(self->lefts);
    PyMem_Free(self->types);
    PyMem_Free(self->rights);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* The index (below `size`) that the dict `index` gives the class `s`, -1 when it gives
   none; -2 with an exception. */
static Py_ssize_t index_in(PyObject *index, Py_ssize_t size, PyObject *s) {
    PyObject *got = PyDict_GetItemWithError(index, s);
    if (!got) return PyErr_Occurred() ? -2 : -1;
    Py_ssize_t i = PyLong_AsSsize_t(got);
    if (i == -1 && PyErr_Occurred()) return -2;
    if (i < 0 || i >= size) {
        PyErr_SetString(PyExc_ValueError, "Weigher: an index out of the table's range");
        return -2;
    }
    return i;
}

/* A new array of the ints of a tuple of `size` non-negative ints, as doubles; NULL with an
   exception. */
static double *int_column(PyObject *t, Py_ssize_t size, const char *what) {
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != size) {
        PyErr_Format(PyExc_TypeError, "Weigher needs %s as a tuple of one int per class", what);
        return NULL;
    }
    double *out = PyMem_Malloc((size_t)(size ? size : 1) * sizeof(double));
    if (!out) return (double *)PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < size; i++) {
        long long v = PyLong_AsLongLong(PyTuple_GET_ITEM(t, i));
        if (v == -1 && PyErr_Occurred()) {
            PyMem_Free(out);
            return NULL;
        }
        if (v < 0 || v > (1LL << 52)) {
            PyErr_Format(PyExc_ValueError, "Weigher needs %s between 0 and 2**52", what);
            PyMem_Free(out);
            return NULL;
        }
        out[i] = (double)v;
    }
    return out;
}

/* Weigher(index, counts, lefts, types, rights, pairs, specials, pu_en, constants, cost, pu):
   the table's index (class -> int), per class its count, the count of the pairs it
   begins, the number of distinct tokens after it and the count of the pairs it ends;
   the pairs (a Counts); the special classes (break, English, number, unknown); the
   unigram probability of the English class; the rules' constants in the order of
   realword._constants(); and two functions, asked only of a kin with the evidence: its
   channel cost for the word (cost(word, kin) -> float) and its unigram probability
   (pu(kin) -> float). */
static int Weigher_init(WeigherObject *self, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"index", "counts", "lefts", "types", "rights", "pairs", "specials", "pu_en",
                             "constants", "cost", "pu", NULL};
    PyObject *index, *counts, *lefts, *types, *rights, *pairs, *specials, *constants, *cost, *pu;
    double pu_en;
    if (self->index) { /* weigh() reads the columns across its callbacks: they never change under it */
        PyErr_SetString(PyExc_TypeError, "a Weigher is initialised once");
        return -1;
    }
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!OOOOOO!dO!OO:Weigher", kwlist, &PyDict_Type, &index, &counts,
                                     &lefts, &types, &rights, &pairs, &PyTuple_Type, &specials, &pu_en,
                                     &PyTuple_Type, &constants, &cost, &pu))
        return -1;
    if (!PyCallable_Check(cost) || !PyCallable_Check(pu)) {
        PyErr_SetString(PyExc_TypeError, "Weigher needs cost and pu as functions");
        return -1;
    }
    if (!glossary_is_counts(pairs)) {
        PyErr_SetString(PyExc_TypeError, "Weigher needs the pairs as a Counts");
        return -1;
    }
    if (PyTuple_GET_SIZE(specials) != 4) {
        PyErr_SetString(PyExc_TypeError, "Weigher needs four special classes");
        return -1;
    }
    for (Py_ssize_t i = 0; i < 4; i++) {
        if (!PyUnicode_CheckExact(PyTuple_GET_ITEM(specials, i))) {
            PyErr_SetString(PyExc_TypeError, "Weigher needs the special classes as str");
            return -1;
        }
    }
    if (PyTuple_GET_SIZE(constants) != C_COUNT) {
        PyErr_Format(PyExc_TypeError, "Weigher needs %d constants", (int)C_COUNT);
        return -1;
    }
    double c[C_COUNT];
    for (Py_ssize_t i = 0; i < C_COUNT; i++) {
        c[i] = PyFloat_AsDouble(PyTuple_GET_ITEM(constants, i));
        if (c[i] == -1.0 && PyErr_Occurred()) return -1;
    }
    Py_ssize_t size = PyTuple_Check(counts) ? PyTuple_GET_SIZE(counts) : -1;
    if (size < 0 || (uint64_t)size * (uint64_t)size > 0xFFFFFFFEull) {
        PyErr_SetString(PyExc_ValueError, "Weigher needs the counts as a tuple, fewer than 65536 classes");
        return -1;
    }
    double *col[4] = {NULL, NULL, NULL, NULL};
    PyObject *src[4] = {counts, lefts, types, rights};
    const char *what[4] = {"counts", "lefts", "types", "rights"};
    for (int i = 0; i < 4; i++) {
        if (!(col[i] = int_column(src[i], size, what[i]))) {
            for (int j = 0; j < i; j++) PyMem_Free(col[j]);
            return -1;
        }
    }
    Py_ssize_t en_at = index_in(index, size, PyTuple_GET_ITEM(specials, 1));
    if (en_at == -2) {
        for (int j = 0; j < 4; j++) PyMem_Free(col[j]);
        return -1;
    }
    /* never initialised before (see above): every field is still NULL */
    self->index = Py_NewRef(index);
    self->pairs = Py_NewRef(pairs);
    self->cost = Py_NewRef(cost);
    self->pu = Py_NewRef(pu);
    self->brk = Py_NewRef(PyTuple_GET_ITEM(specials, 0));
    self->en = Py_NewRef(PyTuple_GET_ITEM(specials, 1));
    self->num = Py_NewRef(PyTuple_GET_ITEM(specials, 2));
    self->unk = Py_NewRef(PyTuple_GET_ITEM(specials, 3));
    self->counts = col[0];
    self->lefts = col[1];
    self->types = col[2];
    self->rights = col[3];
    self->size = size;
    self->en_at = en_at;
    self->pu_en = pu_en;
    memcpy(self->c, c, sizeof c);
    return 0;
}

/* How often the table saw class j after class i (0 when either has no index). */
static double pair(WeigherObject *self, Py_ssize_t i, Py_ssize_t j) {
    if (i < 0 || j < 0) return 0.0;
    return (double)glossary_counts_get(self->pairs, (uint32_t)(i * self->size + j));
}

/* context._bounded */
static double bounded(WeigherObject *self, double n, double seen, double weight, double pu, int upper) {
    double moved;
    if (upper) {
        moved = n + self->c[C_BOUND] * sqrt(n);
    } else {
        moved = n - self->c[C_BOUND] * sqrt(n);
        if (0.0 > moved) moved = 0.0;
    }
    return log((moved + weight * pu) / (seen + weight));
}

/* The pairs the class of index i (-1: none) begins in *seen, and its Witten-Bell weight
   (the tokens seen after it, K at least) in *weight, as BigramModel.bounded_logp reads them. */
static void after_class(WeigherObject *self, Py_ssize_t i, double *seen, double *weight) {
    *seen = i >= 0 ? self->lefts[i] : 0.0;
    *weight = i >= 0 && self->types[i] > self->c[C_K] ? self->types[i] : self->c[C_K];
}

/* BigramModel.bounded_logp(token, left, upper=True, less): token of index j and
   unigram pu after the class of index i. */
static double bounded_after(WeigherObject *self, Py_ssize_t i, Py_ssize_t j, double pu, double less) {
    double seen, weight;
    after_class(self, i, &seen, &weight);
    double n = pair(self, i, j) - less;
    if (0.0 > n) n = 0.0;
    return bounded(self, n, seen, weight, pu, 1);
}

static int is_special(WeigherObject *self, PyObject *s) {
    PyObject *all[4] = {self->brk, self->en, self->num, self->unk};
    for (int i = 0; i < 4; i++) {
        if (PyUnicode_Compare(s, all[i]) == 0) return 1;
    }
    return 0;
}

/* realword.good_side */
static int good_side(WeigherObject *self, PyObject *s, int ascii_word) {
    return !is_special(self, s) || (PyUnicode_Compare(s, self->en) == 0 && !ascii_word);
}

/* realword._compound, for the kin of index b (-1: none) of the word of index w and count
   own_count, between the classes of index l and r. */
static int compound(WeigherObject *self, Py_ssize_t w, double own_count, Py_ssize_t b, Py_ssize_t l, Py_ssize_t r) {
    if (own_count > self->c[C_COMPOUND_MAX]) return 0;
    double with_left = pair(self, l, b), with_right = pair(self, b, r);
    double after_share = l >= 0 && b >= 0 && self->lefts[l] ? with_left / self->lefts[l] : 0.0;
    double before_share = r >= 0 && b >= 0 && self->rights[r] ? with_right / self->rights[r] : 0.0;
    double sides[2][3] = {{with_left, after_share, pair(self, l, w)}, {with_right, before_share, pair(self, w, r)}};
    for (int i = 0; i < 2; i++) {
        double floor = self->c[C_COMPOUND_RATIO] * sides[i][2];
        if (self->c[C_COMPOUND_PAIRS] > floor) floor = self->c[C_COMPOUND_PAIRS];
        if (sides[i][0] >= floor && sides[i][1] >= self->c[C_COMPOUND_SHARE]) return 1;
    }
    return 0;
}

static int ascii_word_class(WeigherObject *self, PyObject *s) {
    return PyUnicode_Compare(s, self->brk) != 0 && PyUnicode_IS_ASCII(s);
}

/* `o` as a double in *out: 0, or -1 with an exception. */
static int as_double(PyObject *o, double *out) {
    *out = PyFloat_AsDouble(o);
    return *out == -1.0 && PyErr_Occurred() ? -1 : 0;
}

/* A float that calling `fn` with `a` (and `b`, unless NULL) returns; -1.0 with an
   exception. */
static double call_float(PyObject *fn, PyObject *a, PyObject *b) {
    PyObject *got = b ? PyObject_CallFunctionObjArgs(fn, a, b, NULL) : PyObject_CallOneArg(fn, a);
    if (!got) return -1.0;
    double v = PyFloat_AsDouble(got);
    Py_DECREF(got);
    return v;
}

/* weigh(profile, left, right, pu_right) -> (nats, best kin, by a break only) or None:
   realword._weigh_python, the word's profile being realword._profile's, pu_right the
   unigram probability of the class right. */
static PyObject *Weigher_weigh(WeigherObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !PyTuple_CheckExact(args[0]) || PyTuple_GET_SIZE(args[0]) != 9 || !PyUnicode_CheckExact(args[1])
        || !PyUnicode_CheckExact(args[2]) || !PyFloat_CheckExact(args[3])) {
        PyErr_SetString(PyExc_TypeError, "weigh() takes a profile (a tuple of 9), two str classes and a float");
        return NULL;
    }
    if (!self->index) {
        PyErr_SetString(PyExc_ValueError, "weigh() on a Weigher never initialised");
        return NULL;
    }
    PyObject *profile = args[0], *left = args[1], *right = args[2];
    double pu_right = PyFloat_AS_DOUBLE(args[3]);
    PyObject *low = PyTuple_GET_ITEM(profile, 0), *rows = PyTuple_GET_ITEM(profile, 3);
    if (!PyUnicode_CheckExact(low) || !PyBool_Check(PyTuple_GET_ITEM(profile, 1))
        || !PyBool_Check(PyTuple_GET_ITEM(profile, 4)) || !PyTuple_CheckExact(rows)) {
        PyErr_SetString(PyExc_TypeError, "weigh() needs a profile of realword._profile's shape");
        return NULL;
    }
    int ascii_word = PyTuple_GET_ITEM(profile, 1) == Py_True, kept = PyTuple_GET_ITEM(profile, 4) == Py_True;
    double need, own_count, pu_low, share_log;
    Py_ssize_t w = PyLong_AsSsize_t(PyTuple_GET_ITEM(profile, 5));
    if ((w == -1 && PyErr_Occurred()) || as_double(PyTuple_GET_ITEM(profile, 2), &need) < 0
        || as_double(PyTuple_GET_ITEM(profile, 6), &own_count) < 0 || as_double(PyTuple_GET_ITEM(profile, 7), &pu_low) < 0
        || as_double(PyTuple_GET_ITEM(profile, 8), &share_log) < 0)
        return NULL;
    if (w < -1 || w >= self->size) {
        PyErr_SetString(PyExc_ValueError, "weigh(): the word's index is out of the table's range");
        return NULL;
    }
    Py_ssize_t l = index_in(self->index, self->size, left), r = index_in(self->index, self->size, right);
    if (l == -2 || r == -2) return NULL;
    const double evidence = self->c[C_EVIDENCE];
    int sides = good_side(self, left, ascii_word) | good_side(self, right, ascii_word) << 1;
    int breaks = (PyUnicode_Compare(left, self->brk) == 0) | (PyUnicode_Compare(right, self->brk) == 0) << 1;
    if (ascii_word && (ascii_word_class(self, left) || ascii_word_class(self, right))) {
        need = evidence; /* tai xuong: a run of unaccented words may be written so on purpose */
        breaks = 0;
    }
    if (need < evidence) { /* an unaccented non-word is judged beside a syllable, not between breaks */
        breaks = 0;
        if (!sides) Py_RETURN_NONE;
    }
    int looked = sides | breaks;
    double seen, weight;
    after_class(self, l, &seen, &weight);
    PyObject *best = NULL;
    Py_ssize_t best_at = -1;
    double best_score = -INFINITY;
    int best_on = 0;
    for (Py_ssize_t x = 0; x < PyTuple_GET_SIZE(rows); x++) {
        PyObject *row = PyTuple_GET_ITEM(rows, x);
        if (!PyTuple_CheckExact(row) || PyTuple_GET_SIZE(row) != 2 || !PyUnicode_CheckExact(PyTuple_GET_ITEM(row, 0))) {
            PyErr_SetString(PyExc_TypeError, "weigh() needs kin rows of (str, int)");
            return NULL;
        }
        PyObject *k = PyTuple_GET_ITEM(row, 0);
        Py_ssize_t j = PyLong_AsSsize_t(PyTuple_GET_ITEM(row, 1));
        if (j == -1 && PyErr_Occurred()) return NULL;
        if (j < -1 || j >= self->size) {
            PyErr_SetString(PyExc_ValueError, "weigh(): a kin's index is out of the table's range");
            return NULL;
        }
        if (j < 0 && need > 0) continue; /* only a kin the table has seen can have the evidence */
        double after = pair(self, l, j), before = pair(self, j, r), seen_k, weight_k;
        after_class(self, j, &seen_k, &weight_k);
        int on = looked;
        if (need > 0) on = ((looked & 1) && after >= need) | ((looked & 2) && before >= need) << 1;
        if (!on) continue;
        double pu = call_float(self->pu, k, NULL);
        if (pu == -1.0 && PyErr_Occurred()) return NULL;
        double cost = call_float(self->cost, low, k);
        if (cost == -1.0 && PyErr_Occurred()) return NULL;
        double score = (bounded(self, after, seen, weight, pu, 0) + bounded(self, before, seen_k, weight_k, pu_right, 0))
                       - cost;
        int wins = !best || score > best_score;
        if (!wins && score == best_score) { /* (score, kin) compared as Python compares tuples */
            int cmp = PyUnicode_Compare(k, best);
            if (cmp == -1 && PyErr_Occurred()) return NULL;
            wins = cmp > 0;
        }
        if (wins) {
            best = k;
            best_at = j;
            best_score = score;
            best_on = on;
        }
    }
    if (!best) Py_RETURN_NONE;
    double keep = -INFINITY;
    if (kept) {
        double count_best = best_at >= 0 ? self->counts[best_at] : 0.0;
        double slips = count_best >= own_count ? self->c[C_SLIP_RATE] : 0.0;
        keep = bounded_after(self, l, w, pu_low, slips * pair(self, l, best_at))
               + bounded_after(self, w, r, pu_right, slips * pair(self, best_at, r));
    }
    if (ascii_word) {
        double foreign = bounded_after(self, l, self->en_at, self->pu_en, 0.0)
                         + bounded_after(self, self->en_at, r, pu_right, 0.0) + share_log - self->c[C_LOG_EPSILON];
        if (foreign > keep) keep = foreign;
    }
    int by_break = !(best_on & sides);
    double margin = (ascii_word ? self->c[C_ASCII_MARGIN] : self->c[C_MARGIN]) + (by_break ? self->c[C_BREAK_EXTRA] : 0.0);
    if (!by_break && compound(self, w, own_count, best_at, l, r)) margin -= self->c[C_COMPOUND_BONUS];
    return Py_BuildValue("(dOO)", best_score - keep - margin, best, by_break ? Py_True : Py_False);
}

static PyMethodDef Weigher_methods[] = {
    {"weigh", (PyCFunction)(void (*)(void))Weigher_weigh, METH_FASTCALL,
     "weigh(profile, left, right, pu_right) -> (nats, best kin, by a break only) or None."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject WeigherType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "glossary._speedups.Weigher",
    .tp_basicsize = sizeof(WeigherObject),
    .tp_dealloc = (destructor)Weigher_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "realword._weighed over the bigram table, in C.",
    .tp_methods = Weigher_methods,
    .tp_init = (initproc)Weigher_init,
    .tp_new = PyType_GenericNew,
};

PyTypeObject *glossary_weigher_type(void) { return &WeigherType; }
