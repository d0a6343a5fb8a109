// CNcursesw: the only door from Swift into ncursesw and the process's terminal state.
// Every curses macro and global that Swift needs is wrapped in a function here, so no
// C macro or C global reaches Swift. SwiftPM drops pkg-config's -D flags, so the
// wide-character API is switched on here, before curses.h is read.
#ifndef CNCURSESW_H
#define CNCURSESW_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <stdint.h>
#include <wchar.h>

/// What the terminal can show, read from terminfo after start-up.
typedef struct {
    int colors;       // COLORS: 0 without colour, 8, 16, 256, or 16777216 for direct colour
    int pairs;        // COLOR_PAIRS
    int direct;       // terminfo's RGB flag: colour numbers are 0xRRGGBB
    int has_colors;   // has_colors()
} tk_caps;

/// Our own attribute bits (ScreenCore.Attributes), translated to curses' in C.
enum {
    TK_BOLD = 1, TK_DIM = 2, TK_ITALIC = 4, TK_UNDERLINE = 8, TK_REVERSE = 16
};

/// Sets LC_ALL from the environment so curses writes UTF-8.
void tk_setlocale(void);

/// Starts curses on the controlling terminal: raw input, no echo, hidden cursor, colours,
/// default colours kept (-1), the alternate screen. `term` names the terminfo entry to use
/// (NULL: $TERM). Returns 0 on success, -1 if the terminal could not be set up (the
/// message is in `err`).
int tk_start(tk_caps *caps, char *err, int errlen, const char *term);

/// Whether terminfo has an entry named `name` (without touching the screen).
int tk_has_terminfo(const char *name);

/// Leaves curses: the normal screen, cursor and echo come back. Safe to call twice.
void tk_end(void);

/// Re-enters curses after tk_end (resume after Ctrl-Z) and forces a full repaint.
void tk_resume(void);

/// The screen size curses uses now.
int tk_lines(void);
int tk_cols(void);

/// Reads the terminal's real size from the kernel; 0 on success.
int tk_winsize(int fd, int *rows, int *cols);

/// Tells curses about a new size (after SIGWINCH).
void tk_resize(int rows, int cols);

/// A colour pair for (fg, bg); -1 is the terminal default. Pairs are allocated on demand
/// and recycled least-recently-used by ncurses itself. Returns -1 when none can be had.
int tk_pair(int fg, int bg);

/// Puts one grapheme (up to 8 code points) at (y, x) with our attribute bits and a pair.
void tk_put(int y, int x, const wchar_t *text, int attrs, int pair);

/// Sends what was put to the terminal (only what changed, as curses computes it).
void tk_flush(void);

/// Makes the next tk_flush repaint every cell (after a resume or a garbled screen).
void tk_invalidate(void);

/// Writes raw bytes to the terminal (mode switches curses does not know about).
void tk_write_raw(const char *bytes);

/// Writes `n` raw bytes to the terminal (frames encoded without curses' output layer).
void tk_write_bytes(const unsigned char *bytes, long n);

/// Expands terminfo string capability `cap` (e.g. "cup", "setaf") with parameters p1, p2
/// into `out` (NUL-terminated). Returns its length, or -1 when the terminal lacks it or it
/// does not fit.
int tk_tparm(const char *cap, int p1, int p2, char *out, int outlen);

/// Terminfo boolean capability `cap` (e.g. "am", "xenl"): 1 present, 0 absent.
int tk_flag(const char *cap);

/// Signals that the UI loop must hear about are turned into one byte each on `fd`
/// (the write end of a pipe), the signal number: WINCH, TERM, HUP, INT, QUIT, TSTP, CONT.
/// Fatal signals (SEGV, BUS, ILL, FPE, ABRT, TRAP) restore the terminal first and then
/// die as before. `restore` is written to the terminal on a fatal signal; it is copied.
void tk_install_signals(int fd, const char *restore);

/// Stops the process as the shell's Ctrl-Z would (after tk_end), returning after `fg`.
void tk_stop_self(void);

/// Makes a non-blocking, close-on-exec pipe; 0 on success.
int tk_pipe(int fds[2]);

/// Waits up to `timeout_ms` (-1: forever) for input on fd a or b; sets *ra / *rb to 1 for
/// each that is readable (or hung up). Returns -1 on error other than EINTR, else 0.
int tk_wait(int a, int b, int timeout_ms, int *ra, int *rb);

/// read(2) that retries on EINTR; -1 with nothing to read on a non-blocking fd.
long tk_read(int fd, unsigned char *buf, long n);

/// Writes one byte; used to wake the UI loop from other threads.
void tk_poke(int fd, unsigned char byte);

/// Signal numbers, so Swift does not read C macros.
int tk_sigwinch(void);
int tk_sigterm(void);
int tk_sighup(void);
int tk_sigint(void);
int tk_sigquit(void);
int tk_sigtstp(void);
int tk_sigcont(void);

#endif
