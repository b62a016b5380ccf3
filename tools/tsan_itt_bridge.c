/* ThreadSanitizer bridge for oneTBB: a tiny ITT "collector" library that turns the synchronisation
 * notifications of oneTBB into happens-before annotations ThreadSanitizer understands.
 *
 * Debian's libtbb.so is not built with -fsanitize=thread, so ThreadSanitizer does not see the atomics
 * with which the TBB scheduler hands a spawned task to the thread that runs it, nor the wait for the
 * tasks of a parallel_for to finish. Without help it reports every write made before a parallel_for
 * and read inside it (and every write inside it read after it) as a data race, in migroute's own code.
 *
 * oneTBB announces this synchronisation itself, through Intel's ITT API (the one Intel Inspector
 * listens to): __itt_sync_releasing(p) before it publishes work or results through the object p,
 * __itt_sync_acquired(p) after it took them. libtbb.so loads the library named by the environment
 * variable INTEL_LIBITTNOTIFY64 and looks these functions up by name; with INTEL_ITTNOTIFY_GROUPS=sync
 * it asks only for the synchronisation group. The notifications made in TBB's headers (task spawn,
 * wait_context) are compiled in only with TBB_USE_PROFILING_TOOLS=2, which the sanitize_thread job
 * of tools/ci_extra.sh defines.
 *
 * Each "releasing" becomes AnnotateHappensBefore(p) and each "acquired" AnnotateHappensAfter(p): the
 * same edges an instrumented TBB would give. Accesses made by tasks that run at the same time stay
 * unordered, so a race between them is still reported. Build (the job does this):
 *
 *   cc -shared -fPIC -O1 -o libmigroute_tsan_itt.so tools/tsan_itt_bridge.c
 *
 * and run with INTEL_LIBITTNOTIFY64=/path/to/libmigroute_tsan_itt.so INTEL_ITTNOTIFY_GROUPS=sync.
 * The Annotate* functions come from libtsan, already loaded in a -fsanitize=thread process. */

void AnnotateHappensBefore(const char* file, int line, const volatile void* address);
void AnnotateHappensAfter(const char* file, int line, const volatile void* address);

/* Its presence tells ITT's loader that this library exports the functions by name (API version 1). */
void __itt_api_version(void) {}

void __itt_sync_releasing(void* address) { AnnotateHappensBefore(__FILE__, __LINE__, address); }
void __itt_sync_acquired(void* address) { AnnotateHappensAfter(__FILE__, __LINE__, address); }

/* The other functions of the sync group: nothing to tell ThreadSanitizer. */
void __itt_sync_prepare(void* address) { (void)address; }
void __itt_sync_cancel(void* address) { (void)address; }
void __itt_sync_destroy(void* address) { (void)address; }
void __itt_sync_create(void* address, const char* type, const char* name, int attribute) {
    (void)address;
    (void)type;
    (void)name;
    (void)attribute;
}
