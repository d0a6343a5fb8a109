#include "cncursesw.h"

#include <curses.h>
#include <term.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>

static int started = 0;
static int signal_fd = -1;
static char restore_seq[256];
static struct termios saved_termios;
static int have_saved_termios = 0;

void tk_setlocale(void) { setlocale(LC_ALL, ""); }

int tk_has_terminfo(const char *name) {
    int status = 0;
    TERMINAL *saved = cur_term;
    if (setupterm((char *)name, STDOUT_FILENO, &status) != OK) {
        set_curterm(saved);
        return 0;
    }
    TERMINAL *probe = cur_term;
    set_curterm(saved);
    del_curterm(probe);
    return 1;
}

int tk_start(tk_caps *caps, char *err, int errlen, const char *override) {
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        snprintf(err, errlen, "standard input and output must be a terminal");
        return -1;
    }
    if (tcgetattr(STDIN_FILENO, &saved_termios) == 0) have_saved_termios = 1;
    const char *term = override != NULL ? override : getenv("TERM");
    if (term == NULL || *term == 0) term = "dumb";
    int status = 0;
    if (setupterm((char *)term, STDOUT_FILENO, &status) != OK) {
        snprintf(err, errlen, "terminal type '%s' is not in the terminfo database", term);
        return -1;
    }
    // The real size always comes from the kernel, never from stale LINES/COLUMNS.
    use_env(FALSE);
    SCREEN *screen = newterm((char *)term, stdout, stdin);
    if (screen == NULL) {
        snprintf(err, errlen, "curses could not start on terminal type '%s'", term);
        return -1;
    }
    set_term(screen);
    started = 1;
    raw();
    noecho();
    nonl();
    keypad(stdscr, FALSE);
    nodelay(stdscr, TRUE);
    leaveok(stdscr, TRUE);
    curs_set(0);
    memset(caps, 0, sizeof(*caps));
    caps->has_colors = has_colors();
    if (caps->has_colors) {
        start_color();
        use_default_colors();
    }
    caps->colors = COLORS;
    caps->pairs = COLOR_PAIRS;
    caps->direct = tigetflag("RGB") > 0;
    return 0;
}

void tk_end(void) {
    if (!started) return;
    started = 0;
    endwin();
}

void tk_resume(void) {
    started = 1;
    reset_prog_mode();
    clearok(curscr, TRUE);
    doupdate();
}

int tk_lines(void) { return LINES; }
int tk_cols(void) { return COLS; }

int tk_winsize(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}

void tk_resize(int rows, int cols) { resizeterm(rows, cols); }

int tk_pair(int fg, int bg) { return alloc_pair(fg, bg); }

void tk_put(int y, int x, const wchar_t *text, int attrs, int pair) {
    attr_t a = A_NORMAL;
    if (attrs & TK_BOLD) a |= A_BOLD;
    if (attrs & TK_DIM) a |= A_DIM;
    if (attrs & TK_ITALIC) a |= A_ITALIC;
    if (attrs & TK_UNDERLINE) a |= A_UNDERLINE;
    if (attrs & TK_REVERSE) a |= A_REVERSE;
    cchar_t cc;
    int p = pair < 0 ? 0 : pair;
    // The extended pair number goes through the opts pointer so pairs above 32767 work.
    if (setcchar(&cc, text, a, (short)(p > 32767 ? 0 : p), &p) == ERR) return;
    mvwadd_wch(stdscr, y, x, &cc);
}

void tk_flush(void) {
    wnoutrefresh(stdscr);
    doupdate();
}

void tk_invalidate(void) { clearok(curscr, TRUE); }

void tk_write_raw(const char *bytes) {
    size_t n = strlen(bytes);
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, bytes, n);
        if (w <= 0) return;
        bytes += w;
        n -= (size_t)w;
    }
}

void tk_write_bytes(const unsigned char *bytes, long n) {
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, bytes, (size_t)n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;
        bytes += w;
        n -= (long)w;
    }
}

int tk_tparm(const char *cap, int p1, int p2, char *out, int outlen) {
    char *s = tigetstr((char *)cap);
    if (s == NULL || s == (char *)-1) return -1;
    char *v = tiparm(s, p1, p2);
    if (v == NULL) return -1;
    size_t n = strlen(v);
    if ((int)n >= outlen) return -1;
    memcpy(out, v, n + 1);
    return (int)n;
}

int tk_flag(const char *cap) { return tigetflag((char *)cap) > 0; }

static void forward_signal(int sig) {
    if (signal_fd >= 0) {
        unsigned char b = (unsigned char)sig;
        ssize_t ignored = write(signal_fd, &b, 1);
        (void)ignored;
    }
}

static void fatal_signal(int sig) {
    // Only async-signal-safe calls: write and tcsetattr, then die as the signal would.
    ssize_t ignored = write(STDOUT_FILENO, restore_seq, strlen(restore_seq));
    (void)ignored;
    if (have_saved_termios) tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
    signal(sig, SIG_DFL);
    raise(sig);
}

void tk_install_signals(int fd, const char *restore) {
    signal_fd = fd;
    strncpy(restore_seq, restore, sizeof(restore_seq) - 1);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sa.sa_handler = forward_signal;
    int forwarded[] = {SIGWINCH, SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT};
    for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++) sigaction(forwarded[i], &sa, NULL);
    sa.sa_handler = fatal_signal;
    sa.sa_flags = SA_RESETHAND;
    int fatal[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP};
    for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++) sigaction(fatal[i], &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    // A parent may have started us with these blocked (threads of test runners and of
    // Dispatch block signals, and children inherit the mask): unblock them on this thread.
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++) sigaddset(&set, forwarded[i]);
    for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++) sigaddset(&set, fatal[i]);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

void tk_stop_self(void) {
    struct sigaction sa, old;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTSTP, &sa, &old);
    kill(getpid(), SIGTSTP);
    // Execution continues here after the shell's `fg` (SIGCONT).
    sigaction(SIGTSTP, &old, NULL);
}

int tk_sigwinch(void) { return SIGWINCH; }
int tk_sigterm(void) { return SIGTERM; }
int tk_sighup(void) { return SIGHUP; }
int tk_sigint(void) { return SIGINT; }
int tk_sigquit(void) { return SIGQUIT; }
int tk_sigtstp(void) { return SIGTSTP; }
int tk_sigcont(void) { return SIGCONT; }

int tk_pipe(int fds[2]) {
    if (pipe(fds) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    }
    return 0;
}

int tk_wait(int a, int b, int timeout_ms, int *ra, int *rb) {
    struct pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    *ra = 0;
    *rb = 0;
    int n = poll(p, 2, timeout_ms);
    if (n < 0) return errno == EINTR ? 0 : -1;
    *ra = (p[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
    *rb = (p[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
    return 0;
}

long tk_read(int fd, unsigned char *buf, long n) {
    for (;;) {
        ssize_t r = read(fd, buf, (size_t)n);
        if (r < 0 && errno == EINTR) continue;
        return (long)r;
    }
}

void tk_poke(int fd, unsigned char byte) {
    ssize_t ignored = write(fd, &byte, 1);
    (void)ignored;
}
