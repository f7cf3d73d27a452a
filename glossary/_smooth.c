/* glossary._speedups.Smoothed: _restore_model.Tables.between in C.
 *
 * Compiled into the same extension module as the scanner (_speedups.c registers the
 * type). Tables.between weighs each of a few words between two neighbours by the
 * smoothed bigrams restoring reads (interpolated Kneser-Ney): domain.general_gain asks it
 * of every kin of every word it is asked of, and in Python each kin cost two bisections,
 * two method calls and a dozen attribute reads. Here the same formulas in the same order,
 * in doubles (C's log, as Python's math.log calls it), so the two agree to the bit; the
 * tests hold them to each other.
 *
 * The tables are the sorted pair keys and their counts, and the distinct tokens after
 * each token (native uint32 arrays, views of the cache's mapped file, held for the
 * object's life); a word's numbers (its id, Pu, log Pu, the log of its back-off weight and
 * of C(word .)) come from the Python cache Tables keeps of them, worked out by Python for a
 * word it lacks. The object is made whole by its constructor and never changed.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "_speedups.h"

typedef struct {
    PyObject_HEAD
    Py_buffer keys, counts, kinds; /* held while the object lives */
    int held;                      /* how many of them, in that order, are held */
    Py_ssize_t size;               /* tokens in kinds */
    double d;                      /* the absolute discount */
} SmoothedObject;

static void Smoothed_dealloc(SmoothedObject *self) {
    Py_buffer *views[] = {&self->keys, &self->counts, &self->kinds};
    for (int i = 0; i < self->held; i++) PyBuffer_Release(views[i]);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *Smoothed_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"keys", "counts", "kinds", "discount", NULL};
    PyObject *keys, *counts, *kinds;
    double d;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOOd:Smoothed", kwlist, &keys, &counts, &kinds, &d)) return NULL;
    SmoothedObject *self = (SmoothedObject *)type->tp_alloc(type, 0);
    if (!self) return NULL;
    if (glossary_uint32_buffer(keys, &self->keys, "Smoothed keys") < 0) goto fail;
    self->held = 1;
    if (glossary_uint32_buffer(counts, &self->counts, "Smoothed counts") < 0) goto fail;
    self->held = 2;
    if (glossary_uint32_buffer(kinds, &self->kinds, "Smoothed kinds") < 0) goto fail;
    self->held = 3;
    if (self->keys.len != self->counts.len) {
        PyErr_SetString(PyExc_ValueError, "Smoothed needs as many counts as keys");
        goto fail;
    }
    self->size = self->kinds.len / 4;
    self->d = d;
    return (PyObject *)self;
fail:
    Py_DECREF(self);
    return NULL;
}

/* The count of the pair of token ids a, b (0 when the keys lack it). */
static uint32_t pair(const SmoothedObject *self, Py_ssize_t a, Py_ssize_t b) {
    Py_ssize_t at = glossary_sorted_find(&self->keys, (uint64_t)a * (uint64_t)self->size + (uint64_t)b);
    return at < 0 ? 0 : glossary_uint32_at(&self->counts, at);
}

/* A word's numbers: (id, Pu, log Pu, log back-off weight, log C(word .)), the id below
   the tables' size or -1. */
typedef struct {
    Py_ssize_t id;
    double pu, lpu, lam, lseen;
} Info;

static int read_info(const SmoothedObject *self, PyObject *t, Info *out) {
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 5) {
        PyErr_SetString(PyExc_TypeError, "a word's numbers are a tuple of five");
        return -1;
    }
    out->id = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 0));
    if (out->id == -1 && PyErr_Occurred()) return -1;
    if (out->id < -1 || out->id >= self->size) {
        PyErr_SetString(PyExc_ValueError, "a word's id is outside the tables");
        return -1;
    }
    double *fields[] = {&out->pu, &out->lpu, &out->lam, &out->lseen};
    for (int i = 0; i < 4; i++) {
        *fields[i] = PyFloat_AsDouble(PyTuple_GET_ITEM(t, i + 1));
        if (*fields[i] == -1.0 && PyErr_Occurred()) return -1;
    }
    return 0;
}

/* between(left, right, words, known, info) -> for each word w, log P(w | left) +
   log P(right | w), as Tables.between gives them: `left` and `right` are the neighbours'
   numbers, `known` the dict of words' numbers, `info(w)` works out a word's it lacks. */
static PyObject *Smoothed_between(SmoothedObject *self, PyObject *args) {
    PyObject *left_t, *right_t, *words, *known, *info;
    if (!PyArg_ParseTuple(args, "O!O!OO!O:between", &PyTuple_Type, &left_t, &PyTuple_Type, &right_t, &words,
                          &PyDict_Type, &known, &info))
        return NULL;
    Info l, r;
    if (read_info(self, left_t, &l) < 0 || read_info(self, right_t, &r) < 0) return NULL;
    const double d = self->d;
    const double kinds_l = l.id >= 0 ? (double)glossary_uint32_at(&self->kinds, l.id) : 0.0;
    /* a tuple of its own: `info` may change a list it was given while it runs */
    PyObject *fast = PySequence_Tuple(words);
    if (!fast) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(fast);
    PyObject *out = PyList_New(n);
    if (!out) goto fail;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *w = PyTuple_GET_ITEM(fast, i);
        PyObject *t = PyDict_GetItemWithError(known, w);
        if (t) Py_INCREF(t);
        else if (PyErr_Occurred() || !(t = PyObject_CallOneArg(info, w))) goto fail;
        Info x;
        int bad = read_info(self, t, &x);
        Py_DECREF(t);
        if (bad) goto fail;
        uint32_t after = l.id >= 0 && x.id >= 0 ? pair(self, l.id, x.id) : 0;
        uint32_t before = x.id >= 0 && r.id >= 0 ? pair(self, x.id, r.id) : 0;
        double a = after ? log((double)after - d + d * kinds_l * x.pu) - l.lseen : l.lam + x.lpu;
        double b = before ? log((double)before - d + d * (double)glossary_uint32_at(&self->kinds, x.id) * r.pu)
                                - x.lseen
                          : x.lam + r.lpu;
        PyObject *f = PyFloat_FromDouble(a + b);
        if (!f) goto fail;
        PyList_SET_ITEM(out, i, f);
    }
    Py_DECREF(fast);
    return out;
fail:
    Py_XDECREF(out);
    Py_DECREF(fast);
    return NULL;
}

static PyMethodDef Smoothed_methods[] = {
    {"between", (PyCFunction)Smoothed_between, METH_VARARGS,
     "between(left, right, words, known, info) -> [log P(w | left) + log P(right | w) for w in words]."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject SmoothedType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "glossary._speedups.Smoothed",
    .tp_basicsize = sizeof(SmoothedObject),
    .tp_dealloc = (destructor)Smoothed_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Smoothed(keys, counts, kinds, discount): the smoothed bigrams restoring reads, for between().",
    .tp_methods = Smoothed_methods,
    .tp_new = Smoothed_new,
};

PyTypeObject *glossary_smoothed_type(void) { return &SmoothedType; }
