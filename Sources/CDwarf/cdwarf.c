#include "cdwarf.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct cdwarf_section {
    Dwarf_Obj_Access_Section info;
    Elf_Scn *scn;
    int compression; /* 0 none, 1 SHF_COMPRESSED, 2 GNU .zdebug */
    char *renamed;   /* ".debug_x" for a decompressed ".zdebug_x" */
    size_t rela;     /* in a relocatable object: the SHT_RELA section that applies here, or 0 */
    unsigned char *relocated; /* in a relocatable object: a private copy with relocations applied */
};

struct cdwarf_object {
    int fd;
    Elf *elf;
    int relocatable;
    size_t symtab;
    size_t count;
    struct cdwarf_section *sections;
    Dwarf_Obj_Access_Interface interface;
};

static int section_info(void *obj, Dwarf_Half index, Dwarf_Obj_Access_Section *out, int *error) {
    struct cdwarf_object *object = obj;
    (void)error;
    if (index >= object->count) return DW_DLV_NO_ENTRY;
    *out = object->sections[index].info;
    return DW_DLV_OK;
}

static Dwarf_Endianness byte_order(void *obj) { (void)obj; return DW_OBJECT_LSB; }
static Dwarf_Small length_size(void *obj) { (void)obj; return 8; }
static Dwarf_Small pointer_size(void *obj) { (void)obj; return 8; }
static Dwarf_Unsigned section_count(void *obj) { return ((struct cdwarf_object *)obj)->count; }

/* Applies the x86-64 RELA relocations that DWARF in a .o uses (absolute 64/32-bit values
   and PC-relative ones in .eh_frame) to a private copy of the section. */
static int relocate(struct cdwarf_object *object, struct cdwarf_section *section, size_t size) {
    Elf_Scn *rela_scn = elf_getscn(object->elf, section->rela);
    Elf_Scn *sym_scn = elf_getscn(object->elf, object->symtab);
    Elf_Data *relas = rela_scn ? elf_getdata(rela_scn, NULL) : NULL;
    Elf_Data *symbols = sym_scn ? elf_getdata(sym_scn, NULL) : NULL;
    GElf_Shdr rela_header;
    if (relas == NULL || symbols == NULL || gelf_getshdr(rela_scn, &rela_header) == NULL || rela_header.sh_entsize == 0)
        return -1;
    size_t count = rela_header.sh_size / rela_header.sh_entsize;
    for (size_t i = 0; i < count; i++) {
        GElf_Rela rela;
        GElf_Sym symbol;
        if (gelf_getrela(relas, (int)i, &rela) == NULL) return -1;
        if (gelf_getsym(symbols, (int)GELF_R_SYM(rela.r_info), &symbol) == NULL) return -1;
        uint64_t value = symbol.st_value + (uint64_t)rela.r_addend;
        size_t width;
        switch (GELF_R_TYPE(rela.r_info)) {
        case R_X86_64_64: case R_X86_64_DTPOFF64: width = 8; break;
        case R_X86_64_32: case R_X86_64_32S: case R_X86_64_DTPOFF32: width = 4; break;
        case R_X86_64_PC32: value -= section->info.addr + rela.r_offset; width = 4; break;
        case R_X86_64_NONE: continue;
        default: continue; /* not used by DWARF */
        }
        if (rela.r_offset > size || size - rela.r_offset < width) return -1;
        memcpy(section->relocated + rela.r_offset, &value, width); /* little-endian host and target */
    }
    return 0;
}

static int load_section(void *obj, Dwarf_Half index, Dwarf_Small **data, int *error) {
    struct cdwarf_object *object = obj;
    (void)error;
    if (index >= object->count || object->sections[index].scn == NULL) return DW_DLV_NO_ENTRY;
    struct cdwarf_section *section = &object->sections[index];
    if (section->compression == 1 && elf_compress(section->scn, 0, 0) < 0) return DW_DLV_ERROR;
    if (section->compression == 2 && elf_compress_gnu(section->scn, 0, 0) < 0) return DW_DLV_ERROR;
    section->compression = 0;
    Elf_Data *bytes = elf_getdata(section->scn, NULL);
    if (bytes == NULL || bytes->d_buf == NULL || bytes->d_size != section->info.size) return DW_DLV_ERROR;
    if (section->rela == 0) {
        *data = bytes->d_buf;
        return DW_DLV_OK;
    }
    if (section->relocated == NULL) {
        section->relocated = malloc(bytes->d_size ? bytes->d_size : 1);
        if (section->relocated == NULL) return DW_DLV_ERROR;
        memcpy(section->relocated, bytes->d_buf, bytes->d_size);
        if (relocate(object, section, bytes->d_size) != 0) {
            free(section->relocated);
            section->relocated = NULL;
            return DW_DLV_ERROR;
        }
    }
    *data = section->relocated;
    return DW_DLV_OK;
}

static const Dwarf_Obj_Access_Methods methods = {
    section_info, byte_order, length_size, pointer_size, section_count, load_section, NULL,
};

/* The size a section will have once decompressed, without decompressing it. */
static int uncompressed_size(Elf_Scn *scn, const GElf_Shdr *header, const char *name, int *compression,
                             Dwarf_Unsigned *size) {
    *compression = 0;
    *size = header->sh_size;
    if (header->sh_flags & SHF_COMPRESSED) {
        GElf_Chdr chdr;
        if (gelf_getchdr(scn, &chdr) == NULL) return -1;
        *compression = 1;
        *size = chdr.ch_size;
    } else if (strncmp(name, ".zdebug", 7) == 0) {
        Elf_Data *raw = elf_rawdata(scn, NULL);
        const unsigned char *bytes = raw ? raw->d_buf : NULL;
        if (bytes == NULL || raw->d_size < 12 || memcmp(bytes, "ZLIB", 4) != 0) return -1;
        Dwarf_Unsigned value = 0;
        for (int i = 4; i < 12; i++) value = (value << 8) | bytes[i]; /* big-endian */
        *compression = 2;
        *size = value;
    }
    return 0;
}

/* Reads one ULEB128 below `end`; 0 when it runs past it. */
static int skip_uleb(const unsigned char **p, const unsigned char *end, Dwarf_Unsigned *value) {
    Dwarf_Unsigned result = 0;
    unsigned shift = 0;
    while (*p < end) {
        unsigned char byte = *(*p)++;
        if (shift < 64) result |= (Dwarf_Unsigned)(byte & 0x7f) << shift;
        shift += 7;
        if (!(byte & 0x80)) {
            if (value) *value = result;
            return 1;
        }
    }
    return 0;
}

/* Whether the location list at `p` (up to its DW_LLE_end_of_list) lies below `end`.
   libdwarf 20210528 takes an entry's expression length as written: a huge one made
   _dwarf_loclists_fill_in_lle_head read far past the section (a SIGSEGV). Lists cannot be
   checked by reading a unit's entries one after another: gcc puts its location view pairs
   (bare ULEB128 pairs, found through DW_AT_GNU_locviews) between them. */
static int location_list_ok(const unsigned char *p, const unsigned char *end, Dwarf_Unsigned address_size) {
    while (p < end) {
        unsigned kind = *p++;
        int counted = 1; /* followed by a counted location description */
        switch (kind) {
        case 0x00: return 1;                                         /* DW_LLE_end_of_list */
        case 0x01: counted = 0; if (!skip_uleb(&p, end, NULL)) return 0; break; /* base_addressx */
        case 0x02: case 0x03: case 0x04:                             /* startx_endx, startx_length, offset_pair */
            if (!skip_uleb(&p, end, NULL) || !skip_uleb(&p, end, NULL)) return 0;
            break;
        case 0x05: break;                                            /* default_location */
        case 0x06: counted = 0; if ((Dwarf_Unsigned)(end - p) < address_size) return 0; p += address_size; break;
        case 0x07: if ((Dwarf_Unsigned)(end - p) < 2 * address_size) return 0; p += 2 * address_size; break;
        case 0x08:                                                   /* start_length */
            if ((Dwarf_Unsigned)(end - p) < address_size) return 0;
            p += address_size;
            if (!skip_uleb(&p, end, NULL)) return 0;
            break;
        case 0x09:                                                   /* DW_LLE_GNU_view_pair */
            counted = 0;
            if (!skip_uleb(&p, end, NULL) || !skip_uleb(&p, end, NULL)) return 0;
            break;
        default: return 1; /* unknown: libdwarf refuses it itself, reading nothing past it */
        }
        Dwarf_Unsigned length = 0;
        if (counted && (!skip_uleb(&p, end, &length) || length > (Dwarf_Unsigned)(end - p))) return 0;
        if (counted) p += length;
    }
    return 0;
}

/* The unit of a .debug_rnglists/.debug_loclists section (headers already checked) that holds
   `offset`: its bytes' end and address size. 0 when none does. */
static int lists_unit_at(const unsigned char *data, Dwarf_Unsigned size, Dwarf_Unsigned offset,
                         const unsigned char **end, Dwarf_Unsigned *address_size) {
    Dwarf_Unsigned start = 0;
    while (start < size && size - start >= 12) {
        uint32_t length32;
        memcpy(&length32, data + start, 4);
        Dwarf_Unsigned length = length32, header = 4;
        if (length32 == 0xffffffffu) {
            memcpy(&length, data + start + 4, 8);
            header = 12;
        }
        Dwarf_Unsigned next = start + header + length;
        if (offset >= start && offset < next) {
            *end = data + next;
            *address_size = data[start + header + 2];
            return 1;
        }
        start = next;
    }
    return 0;
}

/* Whether every unit header of a DWARF 5 .debug_rnglists or .debug_loclists section is
   whole and sane (and, for location lists, every list its offset table points at: see
   location_list_ok; lists reached by DW_FORM_sec_offset are checked as they are read).
   libdwarf 20210528 frees a header it cannot read and then goes on using it (a double
   free), and trusts the offset table's size; so a section with a bad header never reaches
   it (see describe). Stricter than libdwarf: each unit must lie inside the section. */
static int lists_ok(const unsigned char *data, Dwarf_Unsigned size, int locations) {
    Dwarf_Unsigned offset = 0;
    while (offset < size) {
        if (size - offset < 4) return 0;
        uint32_t length32;
        memcpy(&length32, data + offset, 4);
        Dwarf_Unsigned length = length32, length_size = 4, header = 4;
        if (length32 == 0xffffffffu) {
            if (size - offset < 12) return 0;
            memcpy(&length, data + offset + 4, 8);
            length_size = 8;
            header = 12;
        } else if (length32 >= 0xfffffff0u) {
            return 0; /* reserved lengths */
        }
        if (length > size - offset - header || length < 8) return 0;
        const unsigned char *unit = data + offset + header;
        uint16_t version;
        uint32_t count;
        memcpy(&version, unit, 2);
        memcpy(&count, unit + 4, 4);
        unsigned address_size = unit[2], segment_size = unit[3];
        if (version != 5 || (address_size != 4 && address_size != 8) || segment_size != 0) return 0;
        /* libdwarf sizes the offset table by the address size in one place and the offset
           size in another: the larger must fit. */
        Dwarf_Unsigned entry = address_size > length_size ? address_size : length_size;
        if ((Dwarf_Unsigned)count > (length - 8) / entry) return 0;
        const unsigned char *table = unit + 8;
        for (uint32_t i = 0; locations && i < count; i++) {
            Dwarf_Unsigned entry_offset = 0;
            memcpy(&entry_offset, table + i * length_size, length_size);
            if (entry_offset >= length - 8 ||  /* offsets count from the table's start */
                !location_list_ok(table + entry_offset, unit + length, address_size))
                return 0;
        }
        offset += header + length;
    }
    return 1;
}

static int is_lists_section(const char *name) {
    return strncmp(name, ".debug_rnglists", 15) == 0 || strncmp(name, ".debug_loclists", 15) == 0;
}

static void release(struct cdwarf_object *object) {
    if (object->sections) {
        for (size_t i = 0; i < object->count; i++) {
            free(object->sections[i].renamed);
            free(object->sections[i].relocated);
        }
        free(object->sections);
    }
    if (object->elf) elf_end(object->elf);
    if (object->fd >= 0) close(object->fd);
    free(object);
}

static struct cdwarf_object *describe(const char *path) {
    struct cdwarf_object *object = calloc(1, sizeof *object);
    if (object == NULL) return NULL;
    object->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (object->fd < 0 || elf_version(EV_CURRENT) == EV_NONE) goto fail;
    object->elf = elf_begin(object->fd, ELF_C_READ_MMAP, NULL);
    GElf_Ehdr ehdr;
    if (object->elf == NULL || elf_kind(object->elf) != ELF_K_ELF || gelf_getehdr(object->elf, &ehdr) == NULL) goto fail;
    if (ehdr.e_ident[EI_CLASS] != ELFCLASS64 || ehdr.e_ident[EI_DATA] != ELFDATA2LSB) goto fail;
    object->relocatable = ehdr.e_type == ET_REL;
    size_t names;
    if (elf_getshdrnum(object->elf, &object->count) != 0 || elf_getshdrstrndx(object->elf, &names) != 0) goto fail;
    object->sections = calloc(object->count ? object->count : 1, sizeof *object->sections);
    if (object->sections == NULL) goto fail;
    for (size_t i = 0; i < object->count; i++) object->sections[i].info.name = ""; /* section 0 has none */
    for (size_t i = 1; i < object->count; i++) {
        Elf_Scn *scn = elf_getscn(object->elf, i);
        GElf_Shdr header;
        if (scn == NULL || gelf_getshdr(scn, &header) == NULL) goto fail;
        const char *name = elf_strptr(object->elf, names, header.sh_name);
        struct cdwarf_section *section = &object->sections[i];
        section->info.name = name ? name : "";
        section->info.type = header.sh_type;
        section->info.addr = header.sh_addr;
        section->info.link = header.sh_link;
        section->info.info = header.sh_info;
        section->info.entrysize = header.sh_entsize;
        section->info.size = header.sh_size;
        if (header.sh_type == SHT_SYMTAB) object->symtab = i;
        if (object->relocatable && header.sh_type == SHT_RELA && header.sh_info > 0 && header.sh_info < object->count)
            object->sections[header.sh_info].rela = i;
        if (header.sh_type == SHT_NOBITS) continue; /* no bytes: libdwarf sees a section it cannot load */
        section->scn = scn;
        if (name && strncmp(name, ".debug", 6) != 0 && strncmp(name, ".zdebug", 7) != 0 &&
            strcmp(name, ".eh_frame") != 0 && strcmp(name, ".eh_frame_hdr") != 0 && strcmp(name, ".gnu_debuglink") != 0 &&
            strcmp(name, ".note.gnu.build-id") != 0)
            continue;
        if (uncompressed_size(scn, &header, section->info.name, &section->compression, &section->info.size) != 0) goto fail;
        if (section->compression == 2) {
            size_t length = strlen(name);
            section->renamed = malloc(length);
            if (section->renamed == NULL) goto fail;
            section->renamed[0] = '.';
            memcpy(section->renamed + 1, name + 2, length - 1); /* ".zdebug_x" -> ".debug_x" */
            section->info.name = section->renamed;
        }
    }
    if (object->relocatable && object->symtab == 0) {
        for (size_t i = 1; i < object->count; i++) object->sections[i].rela = 0; /* nothing to relocate against */
    }
    /* A list section with a bad header is hidden, as if absent: the ranges and locations
       that refer to it fail one by one, the rest of the DWARF reads. (After the loop: in a
       relocatable object the relocations are known only now.) */
    for (size_t i = 1; i < object->count && i <= 0xffff; i++) {
        struct cdwarf_section *section = &object->sections[i];
        if (section->scn == NULL || !is_lists_section(section->info.name)) continue;
        Dwarf_Small *bytes = NULL;
        int ignored = 0;
        if (load_section(object, (Dwarf_Half)i, &bytes, &ignored) != DW_DLV_OK ||
            !lists_ok(bytes, section->info.size, strncmp(section->info.name, ".debug_loclists", 15) == 0)) {
            section->scn = NULL;
            section->info.size = 0;
        }
    }
    object->interface.object = object;
    object->interface.methods = &methods;
    return object;
fail:
    release(object);
    return NULL;
}

int cdwarf_open(const char *path, Dwarf_Debug *dbg, Dwarf_Error *error, struct cdwarf_object **out) {
    *out = NULL;
    *error = NULL;
    /* Never libdwarf's own ELF reader (dwarf_init_path): after it has read a relocatable
       object, later dwarf_object_init_b calls in the same process fail or crash. */
    struct cdwarf_object *object = describe(path);
    if (object == NULL) return DW_DLV_ERROR;
    int status = dwarf_object_init_b(&object->interface, NULL, NULL, DW_GROUPNUMBER_ANY, dbg, error);
    if (status != DW_DLV_OK) {
        release(object);
        return status;
    }
    *out = object;
    return DW_DLV_OK;
}

void cdwarf_close(Dwarf_Debug dbg, struct cdwarf_object *object) {
    dwarf_object_finish(dbg, NULL);
    if (object) release(object);
}

int cdwarf_section_data(struct cdwarf_object *object, const char *name, const unsigned char **data, size_t *size) {
    *data = NULL;
    *size = 0;
    if (object == NULL) return DW_DLV_NO_ENTRY;
    for (size_t i = 1; i < object->count && i <= 0xffff; i++) {
        if (strcmp(object->sections[i].info.name, name) != 0) continue;
        Dwarf_Small *bytes = NULL;
        int error = 0;
        int status = load_section(object, (Dwarf_Half)i, &bytes, &error);
        if (status != DW_DLV_OK) return status;
        *data = bytes;
        *size = object->sections[i].info.size;
        return DW_DLV_OK;
    }
    return DW_DLV_NO_ENTRY;
}

int cdwarf_location_list_ok(struct cdwarf_object *object, Dwarf_Unsigned offset) {
    const unsigned char *data = NULL;
    size_t size = 0;
    if (cdwarf_section_data(object, ".debug_loclists", &data, &size) != DW_DLV_OK) return 1; /* libdwarf finds none */
    const unsigned char *end = NULL;
    Dwarf_Unsigned address_size = 0;
    if (offset >= size || !lists_unit_at(data, size, offset, &end, &address_size)) return 0;
    return location_list_ok(data + offset, end, address_size);
}
