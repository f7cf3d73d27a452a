/* What the C files of glossary._speedups share (_speedups.c holds the Counts type and
   the module; _weigh.c the Weigher type; _smooth.c the Smoothed type; _pairs.c pair_counts). */
#ifndef GLOSSARY_SPEEDUPS_H
#define GLOSSARY_SPEEDUPS_H

#include <Python.h>
#include <stdint.h>

/* Is `o` a Counts (exactly)? */
int glossary_is_counts(PyObject *o);
/* The count a Counts holds for `key`, 0 when it holds none (`counts` must be a Counts). */
uint32_t glossary_counts_get(PyObject *counts, uint32_t key);
/* The Weigher type, for the module to ready and add. */
PyTypeObject *glossary_weigher_type(void);
/* The Smoothed type (_smooth.c), likewise. */
PyTypeObject *glossary_smoothed_type(void);
/* Take a buffer of native uint32s (an array('I'), or a memoryview cast to "I") into
   `view`; -1 with ValueError naming `what` when it is no such buffer. */
int glossary_uint32_buffer(PyObject *o, Py_buffer *view, const char *what);
/* The uint32 at index `i` of such a buffer (which may start anywhere). */
uint32_t glossary_uint32_at(const Py_buffer *view, Py_ssize_t i);
/* Where `key` stands in such a buffer of keys in ascending order; -1 when it is not there. */
Py_ssize_t glossary_sorted_find(const Py_buffer *keys, uint64_t key);
/* pair_counts(text, blanks) (_pairs.c): the module's function; and its tables and hash
   seed, made at import (-1 with an exception when they cannot be). */
PyObject *glossary_pair_counts(PyObject *mod, PyObject *args);
int glossary_pairs_init(void);

#endif
