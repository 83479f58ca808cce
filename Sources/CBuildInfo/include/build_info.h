#ifndef DBG_BUILD_INFO_H
#define DBG_BUILD_INFO_H

/* What `dbg version` prints about the build, fixed when dbg is compiled. Package.swift
 * passes the values `make build` exports (DBG_GIT_COMMIT, DBG_BUILD_DATE); a plain
 * `swift build` passes none, and the functions then return "". */

/* The commit of HEAD, with " (uncommitted changes)" when the tree differed from it;
 * "none" outside a git checkout; "" when not built by make. */
const char *dbg_build_commit(void);

/* The day of the build (UTC, YYYY-MM-DD; SOURCE_DATE_EPOCH's when set); "" when not built by make. */
const char *dbg_build_date(void);

#endif
