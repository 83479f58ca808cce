#ifndef CDWARF_H
#define CDWARF_H

#include <stddef.h>
#include <libdwarf/libdwarf.h>
#include <libdwarf/dwarf.h>

/* A binary's DWARF opened without copying its sections: libdwarf reads them through an
   object-access interface whose sections point into libelf's read-only mapping of the
   file (compressed sections are decompressed once, by libelf; the debug sections of a
   relocatable object are copied once, with their relocations applied). */
struct cdwarf_object;

/* Returns DW_DLV_OK, DW_DLV_NO_ENTRY (no DWARF) or DW_DLV_ERROR (with *error set, or NULL
   when libelf could not describe the file: not a 64-bit little-endian ELF, or unreadable).
   On success *object must be passed to cdwarf_close. */
int cdwarf_open(const char *path, Dwarf_Debug *dbg, Dwarf_Error *error, struct cdwarf_object **object);

void cdwarf_close(Dwarf_Debug dbg, struct cdwarf_object *object);

/* The bytes of the section called `name` (".debug_info"; a ".zdebug_x" section answers to
   ".debug_x"), decompressed or relocated as libdwarf sees them and shared with it: they
   stay valid until cdwarf_close. Call it under the same lock as libdwarf (it may load the
   section through libelf). DW_DLV_NO_ENTRY when there is no such section with bytes. */
int cdwarf_section_data(struct cdwarf_object *object, const char *name, const unsigned char **data, size_t *size);
/* Whether the DWARF 5 location list at `offset` in .debug_loclists lies whole inside its
   unit (libdwarf 20210528 reads past the section on one that does not); 1 when there is
   no such section. Under the libdwarf lock. */
int cdwarf_location_list_ok(struct cdwarf_object *object, Dwarf_Unsigned offset);

#endif
