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
/* pair_counts(text, blanks) (_pairs.c): the module's function. */
PyObject *glossary_pair_counts(PyObject *mod, PyObject *args);

#endif
