/*
 * echo: a tiny HTTP/1.1 server for tests and benchmarks.
 *
 * Listens on 0.0.0.0:$PORT (default 8080), one forked process per connection,
 * keep-alive by default (HTTP/1.1) unless the client sends "Connection: close".
 * Every request (any method) gets 200 and a text/plain body of three lines:
 *
 *     <hostname>
 *     <request target, with its query>
 *     client=<peer ip>:<peer port>
 *
 * Special paths:
 *   /bytes/N     the body is followed by N bytes of 'x' (bulk-transfer benchmarks)
 *   /status/NNN  answers with status NNN (200-599) instead of 200 (probe tests)
 *
 * It is meant to run as PID 1 of a container: SIGCHLD is ignored so the kernel
 * reaps the connection processes, and SIGTERM/SIGINT end it at once.
 *
 * Build: gcc -static -Os -o echo echo.c
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define HEAD_MAX 16384
#define CHUNK 65536
#define IDLE_SECONDS 60

struct request {
    int status;                  /* 200, or NNN from /status/NNN */
    unsigned long long extra;    /* N from /bytes/N */
    unsigned long long body;     /* request body bytes still to skip */
    int head_only;               /* HEAD: no response body */
    int http10;
    int keep_alive;
    int expect_continue;
    char target[HEAD_MAX];
};

static void on_stop(int signo)
{
    (void)signo;
    _exit(0);
}

/* Sends all of buf; false when the peer is gone. */
static int send_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t sent = send(fd, buf, len, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR) {
                continue;
            }
            return 0;
        }
        buf += sent;
        len -= (size_t)sent;
    }
    return 1;
}

/* Index just past the blank line ending the request head, or 0 if not yet complete. */
static size_t head_end(const char *buf, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (buf[i] != '\n') {
            continue;
        }
        if (buf[i + 1] == '\n') {
            return i + 2;
        }
        if (buf[i + 1] == '\r' && i + 2 < len && buf[i + 2] == '\n') {
            return i + 3;
        }
    }
    return 0;
}

/* True when the comma-separated header value contains token (case-insensitive). */
static int has_token(const char *value, const char *token)
{
    size_t n = strlen(token);

    while (*value != '\0') {
        while (*value == ' ' || *value == '\t' || *value == ',') {
            value++;
        }
        if (strncasecmp(value, token, n) == 0) {
            char next = value[n];
            if (next == '\0' || next == ',' || next == ' ' || next == '\t' || next == '\r') {
                return 1;
            }
        }
        while (*value != '\0' && *value != ',') {
            value++;
        }
    }
    return 0;
}

/* All-digit string to a number; false if empty, not digits or too large. */
static int parse_digits(const char *text, size_t len, unsigned long long *out)
{
    unsigned long long value = 0;

    if (len == 0 || len > 15) {
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        if (text[i] < '0' || text[i] > '9') {
            return 0;
        }
        value = value * 10 + (unsigned long long)(text[i] - '0');
    }
    *out = value;
    return 1;
}

/* Reads /bytes/N and /status/NNN from the target's path (the part before any query). */
static void apply_path(struct request *req)
{
    size_t path_len = strcspn(req->target, "?#");
    unsigned long long value;

    if (path_len > 7 && strncmp(req->target, "/bytes/", 7) == 0 &&
        parse_digits(req->target + 7, path_len - 7, &value)) {
        req->extra = value;
    } else if (path_len > 8 && strncmp(req->target, "/status/", 8) == 0 &&
               parse_digits(req->target + 8, path_len - 8, &value) && value >= 200 && value <= 599) {
        req->status = (int)value;
    }
}

/*
 * Parses the head (NUL-terminated, lines ending in CRLF or LF) into req.
 * False when the request line is malformed.
 */
static int parse_head(char *head, struct request *req)
{
    char *line = head;
    char *end = strchr(line, '\n');
    char *method;
    char *target;
    char *version;

    memset(req, 0, sizeof *req);
    req->status = 200;
    *end = '\0';
    if (end > line && end[-1] == '\r') {
        end[-1] = '\0';
    }
    method = strtok(line, " ");
    target = strtok(NULL, " ");
    version = strtok(NULL, " ");
    if (method == NULL || target == NULL || version == NULL || strncmp(version, "HTTP/1.", 7) != 0) {
        return 0;
    }
    req->http10 = strcmp(version, "HTTP/1.0") == 0;
    req->keep_alive = !req->http10;
    req->head_only = strcmp(method, "HEAD") == 0;
    snprintf(req->target, sizeof req->target, "%s", target);

    for (line = end + 1; *line != '\0'; line = end + 1) {
        char *value;

        end = strchr(line, '\n');
        if (end == NULL) {
            break;
        }
        *end = '\0';
        if (end > line && end[-1] == '\r') {
            end[-1] = '\0';
        }
        value = strchr(line, ':');
        if (value == NULL) {
            continue;
        }
        *value++ = '\0';
        while (*value == ' ' || *value == '\t') {
            value++;
        }
        if (strcasecmp(line, "Connection") == 0) {
            if (has_token(value, "close")) {
                req->keep_alive = 0;
            } else if (has_token(value, "keep-alive")) {
                req->keep_alive = 1;
            }
        } else if (strcasecmp(line, "Content-Length") == 0) {
            if (!parse_digits(value, strlen(value), &req->body)) {
                return 0;
            }
        } else if (strcasecmp(line, "Transfer-Encoding") == 0) {
            /* A chunked body cannot be skipped without decoding it: answer, then close. */
            req->keep_alive = 0;
        } else if (strcasecmp(line, "Expect") == 0) {
            req->expect_continue = has_token(value, "100-continue");
        }
    }
    apply_path(req);
    return 1;
}

static const char *reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}

/* Writes the response; false when the connection must end. */
static int respond(int fd, const struct request *req, const char *hostname, const char *client)
{
    static char head[256];
    static char text[HEAD_MAX + 512];
    static char filler[CHUNK];
    /* 204 and 304 carry no body (and 204 no Content-Length), whatever was asked. */
    int bodyless = req->status == 204 || req->status == 304;
    /* HTTP/1.1 keeps the connection unless told; a 1.0 client must be told it was kept. */
    const char *connection = !req->keep_alive ? "Connection: close\r\n"
                             : req->http10    ? "Connection: keep-alive\r\n"
                                              : "";
    int text_len = snprintf(text, sizeof text, "%s\n%s\nclient=%s\n", hostname, req->target, client);
    int head_len;

    if (text_len < 0 || (size_t)text_len >= sizeof text) {
        return 0;
    }
    if (req->status == 204) {
        head_len = snprintf(head, sizeof head, "HTTP/1.1 204 No Content\r\n%s\r\n", connection);
    } else {
        head_len = snprintf(head, sizeof head,
                            "HTTP/1.1 %d %s\r\nContent-Type: text/plain\r\nContent-Length: %llu\r\n%s\r\n",
                            req->status, reason(req->status),
                            bodyless ? 0ULL : (unsigned long long)text_len + req->extra, connection);
    }
    if (!send_all(fd, head, (size_t)head_len)) {
        return 0;
    }
    if (bodyless || req->head_only) {
        return 1;
    }
    if (!send_all(fd, text, (size_t)text_len)) {
        return 0;
    }
    if (req->extra > 0 && filler[0] != 'x') {
        memset(filler, 'x', sizeof filler);
    }
    for (unsigned long long left = req->extra; left > 0;) {
        size_t n = left < sizeof filler ? (size_t)left : sizeof filler;
        if (!send_all(fd, filler, n)) {
            return 0;
        }
        left -= n;
    }
    return 1;
}

/* Serves one connection until the client closes it, asks to, idles out or misbehaves. */
static void serve(int fd, const char *client)
{
    static char buf[HEAD_MAX + 1];
    static struct request req;
    char hostname[256];
    size_t len = 0;
    struct timeval idle = { .tv_sec = IDLE_SECONDS, .tv_usec = 0 };

    int nodelay = 1;

    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &idle, sizeof idle);
    /* The head and body go out in separate writes: without this, Nagle and the peer's delayed ACK
       hold every kept-alive response back by ~40 ms. */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &nodelay, sizeof nodelay);
    if (gethostname(hostname, sizeof hostname) != 0) {
        snprintf(hostname, sizeof hostname, "unknown");
    }
    hostname[sizeof hostname - 1] = '\0';

    for (;;) {
        size_t end;
        size_t buffered;
        size_t blank = 0;

        /* Stray line ends between requests (after a body, say) are allowed before a request line. */
        while (blank < len && (buf[blank] == '\r' || buf[blank] == '\n')) {
            blank++;
        }
        len -= blank;
        memmove(buf, buf + blank, len);

        end = head_end(buf, len);
        if (end == 0) {
            ssize_t got;

            if (len == HEAD_MAX) {
                static const char too_large[] =
                    "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                send_all(fd, too_large, sizeof too_large - 1);
                return;
            }
            got = recv(fd, buf + len, HEAD_MAX - len, 0);
            if (got < 0 && errno == EINTR) {
                continue;
            }
            if (got <= 0) {
                return;
            }
            len += (size_t)got;
            continue;
        }

        /* Parse a NUL-terminated copy of the head in place; the rest stays in buf. */
        {
            char saved = buf[end];
            buf[end] = '\0';
            if (!parse_head(buf, &req)) {
                static const char bad[] =
                    "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                send_all(fd, bad, sizeof bad - 1);
                return;
            }
            buf[end] = saved;
        }
        len -= end;
        memmove(buf, buf + end, len);

        buffered = len < req.body ? len : (size_t)req.body;
        if (req.expect_continue && req.body > buffered) {
            static const char go_on[] = "HTTP/1.1 100 Continue\r\n\r\n";
            if (!send_all(fd, go_on, sizeof go_on - 1)) {
                return;
            }
        }

        /* Skip the request body so the next request on this connection starts clean. */
        len -= buffered;
        memmove(buf, buf + buffered, len);
        req.body -= buffered;
        while (req.body > 0) {
            ssize_t got = recv(fd, buf, req.body < HEAD_MAX ? (size_t)req.body : HEAD_MAX, 0);
            if (got < 0 && errno == EINTR) {
                continue;
            }
            if (got <= 0) {
                return;
            }
            req.body -= (unsigned long long)got;
        }

        if (!respond(fd, &req, hostname, client) || !req.keep_alive) {
            return;
        }
    }
}

static int listen_on(int port)
{
    struct sockaddr_in addr;
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0) {
        perror("echo: socket");
        return -1;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons((unsigned short)port);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        perror("echo: bind");
        return -1;
    }
    if (listen(fd, 1024) != 0) {
        perror("echo: listen");
        return -1;
    }
    return fd;
}

int main(void)
{
    const char *port_text = getenv("PORT");
    unsigned long long port = 8080;
    struct sigaction stop;
    int listener;

    if (port_text != NULL && *port_text != '\0' &&
        (!parse_digits(port_text, strlen(port_text), &port) || port == 0 || port > 65535)) {
        fprintf(stderr, "echo: PORT=%s is not a port number\n", port_text);
        return 2;
    }

    /* Ignored SIGCHLD: the kernel reaps connection processes, as PID 1 must not leave zombies. */
    signal(SIGCHLD, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    memset(&stop, 0, sizeof stop);
    stop.sa_handler = on_stop;
    sigemptyset(&stop.sa_mask);
    sigaction(SIGTERM, &stop, NULL);
    sigaction(SIGINT, &stop, NULL);

    listener = listen_on((int)port);
    if (listener < 0) {
        return 1;
    }
    printf("echo: listening on 0.0.0.0:%llu\n", port);
    fflush(stdout);

    for (;;) {
        struct sockaddr_in peer;
        socklen_t peer_len = sizeof peer;
        char client[INET_ADDRSTRLEN + 8];
        char ip[INET_ADDRSTRLEN];
        pid_t child;
        int fd = accept(listener, (struct sockaddr *)&peer, &peer_len);

        if (fd < 0) {
            if (errno != EINTR && errno != ECONNABORTED) {
                perror("echo: accept");
                /* Out of descriptors or memory: back off instead of spinning. */
                usleep(100000);
            }
            continue;
        }
        if (inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof ip) == NULL) {
            snprintf(ip, sizeof ip, "?");
        }
        snprintf(client, sizeof client, "%s:%u", ip, (unsigned)ntohs(peer.sin_port));

        child = fork();
        if (child == 0) {
            close(listener);
            serve(fd, client);
            close(fd);
            _exit(0);
        }
        if (child < 0) {
            perror("echo: fork");
        }
        close(fd);
    }
}
