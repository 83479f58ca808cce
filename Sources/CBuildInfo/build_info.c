#include "build_info.h"

/* Only this file sees the values, so a new commit recompiles it and relinks dbg, nothing else. */
#ifndef DBG_GIT_COMMIT
#define DBG_GIT_COMMIT ""
#endif
#ifndef DBG_BUILD_DATE
#define DBG_BUILD_DATE ""
#endif

const char *dbg_build_commit(void) { return DBG_GIT_COMMIT; }
const char *dbg_build_date(void) { return DBG_BUILD_DATE; }
