/*
 * fixture.c -- see fixture.h.
 */
#include "fixture.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "client.h"

const char *const fixture_roles[FIXTURE_ROLE_COUNT] = {
    "secretariat", "funder", "applicant", "reviewer", "delegate", "observer",
};

#define CAPTURE_MAX (1 << 20) /* stdout kept from one CLI command */
#define MAX_ARGS 24

int fixture_role_index(const char *role)
{
    for (int i = 0; i < FIXTURE_ROLE_COUNT; i++)
        if (strcmp(role, fixture_roles[i]) == 0)
            return i;
    return -1;
}

void fixture_email(const char *role, char *out, size_t size)
{
    snprintf(out, size, "%s@serai.test", role);
}

void fixture_password(const char *role, char *out, size_t size)
{
    snprintf(out, size, "pw-%s-2024!", role);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Run the program argv[0] (a path, or a name looked up in PATH) with argv
 * (NULL-terminated); its stdout goes into out (up to out_size - 1 bytes,
 * NUL-terminated), its stderr to ours.  Returns the exit status, or -1 when
 * it could not run or died of a signal. */
static int run_capture(const char *const argv[], char *out, size_t out_size)
{
    int pipefd[2];
    if (pipe(pipefd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(pipefd[0]);
        close(pipefd[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(pipefd[1], STDOUT_FILENO);
        close(pipefd[0]);
        close(pipefd[1]);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(pipefd[1]);
    size_t used = 0;
    for (;;) {
        char chunk[4096];
        ssize_t n = read(pipefd[0], chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        size_t take = (size_t)n;
        if (take > out_size - 1 - used)
            take = out_size - 1 - used;
        memcpy(out + used, chunk, take);
        used += take;
    }
    out[used] = '\0';
    close(pipefd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Run serai with args (NULL-terminated), as run_capture does. */
static int run_serai(const fixture *fx, const char *const args[], char *out,
                     size_t out_size)
{
    const char *argv[MAX_ARGS + 2] = {fx->serai};
    size_t argc = 1;
    for (size_t i = 0; args[i] && argc <= MAX_ARGS; i++)
        argv[argc++] = args[i];
    argv[argc] = NULL;
    return run_capture(argv, out, out_size);
}

bool fixture_is_postgres(void)
{
    const char *b = getenv("SERAI_TEST_BACKEND");
    return b && strcmp(b, "postgres") == 0;
}

/* fx->db: a new empty database in the private PostgreSQL cluster of the
 * test run (`bash $SERAI_TEST_PG_SCRIPT newdb $SERAI_TEST_PG_DIR` prints
 * its URI), or api.db in the temporary directory. */
static int choose_db(fixture *fx, char *why, size_t why_size)
{
    if (!fixture_is_postgres()) {
        snprintf(fx->db, sizeof fx->db, "%s/api.db", fx->dir);
        return 0;
    }
    const char *script = getenv("SERAI_TEST_PG_SCRIPT");
    const char *dir = getenv("SERAI_TEST_PG_DIR");
    if (script == NULL || *script == '\0' || dir == NULL || *dir == '\0') {
        snprintf(why, why_size, "SERAI_TEST_BACKEND=postgres needs "
                                "SERAI_TEST_PG_SCRIPT and SERAI_TEST_PG_DIR");
        return -1;
    }
    const char *argv[] = {"bash", script, "newdb", dir, NULL};
    char uri[sizeof fx->db];
    int rc = run_capture(argv, uri, sizeof uri);
    uri[strcspn(uri, "\n")] = '\0';
    if (rc != 0 || strncmp(uri, "postgres", 8) != 0) {
        snprintf(why, why_size, "`bash %s newdb %s` failed (%d); is the "
                 "cluster running (ctest fixture pg)?", script, dir, rc);
        return -1;
    }
    snprintf(fx->db, sizeof fx->db, "%s", uri);
    return 0;
}

/* The value of the "id" line of a record the CLI printed, or 0. */
static long record_id(const char *text)
{
    for (const char *line = text; line && *line;) {
        if (strncmp(line, "id", 2) == 0 && (line[2] == ' ' || line[2] == '\t')) {
            char *end;
            long id = strtol(line + 2, &end, 10);
            return id > 0 ? id : 0;
        }
        line = strchr(line, '\n');
        if (line)
            line++;
    }
    return 0;
}

static int add_person(fixture *fx, const char *name, const char *country,
                      const char *email, long *id, char *out, char *why,
                      size_t why_size)
{
    const char *args[] = {"person", "add", "--db", fx->db, "--name", name,
                          "--country", country, "--email", email, NULL};
    int rc = run_serai(fx, args, out, CAPTURE_MAX);
    *id = rc == 0 ? record_id(out) : 0;
    if (*id == 0) {
        snprintf(why, why_size, "`serai person add --name %s` failed (%d)",
                 name, rc);
        return -1;
    }
    return 0;
}

static int add_account(fixture *fx, const char *email, const char *role,
                       const char *password, const char *person, char *out,
                       char *why, size_t why_size)
{
    const char *args[] = {"account", "add", "--db", fx->db, "--email", email,
                          "--name", role, "--role", role, "--password",
                          password, person ? "--person" : NULL, person, NULL};
    int rc = run_serai(fx, args, out, CAPTURE_MAX);
    if (rc != 0) {
        snprintf(why, why_size, "`serai account add --email %s` failed (%d)",
                 email, rc);
        return -1;
    }
    return 0;
}

/* The database: schema, two people, the accounts. */
static int seed(fixture *fx, char *why, size_t why_size)
{
    char *out = malloc(CAPTURE_MAX);
    int rc = -1;
    if (out == NULL) {
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    const char *init[] = {"init", "--db", fx->db, NULL};
    if (run_serai(fx, init, out, CAPTURE_MAX) != 0) {
        snprintf(why, why_size, "`%s init --db %s` failed", fx->serai, fx->db);
        goto done;
    }
    if (add_person(fx, "Amina Okafor", "KE", "amina.okafor@example.org",
                   &fx->applicant_person_id, out, why, why_size) ||
        add_person(fx, "Chen Wei", "CN", "chen.wei@example.cn",
                   &fx->other_person_id, out, why, why_size))
        goto done;
    char person[24];
    snprintf(person, sizeof person, "%ld", fx->applicant_person_id);
    for (int i = 0; i < FIXTURE_ROLE_COUNT; i++) {
        const char *role = fixture_roles[i];
        char email[64], password[64];
        fixture_email(role, email, sizeof email);
        fixture_password(role, password, sizeof password);
        if (add_account(fx, email, role, password,
                        strcmp(role, "applicant") == 0 ? person : NULL, out,
                        why, why_size))
            goto done;
    }
    if (add_account(fx, FIXTURE_THROTTLED_EMAIL, "observer",
                    "pw-throttled-2024!", NULL, out, why, why_size))
        goto done;
    rc = 0;
done:
    free(out);
    return rc;
}

/* A loopback port nobody listens on right now. */
static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {0};
    socklen_t len = sizeof addr;
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int port = -1;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0 &&
        getsockname(fd, (struct sockaddr *)&addr, &len) == 0)
        port = ntohs(addr.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

static int spawn_server(fixture *fx, char *why, size_t why_size)
{
    char listen[32], log[PATH_MAX + 16];
    snprintf(listen, sizeof listen, "127.0.0.1:%d", fx->port);
    snprintf(log, sizeof log, "%s/serve.out", fx->dir);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(why, why_size, "fork: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
#ifdef __linux__
        /* Never outlive a runner that crashed. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent)
            _exit(1);
#endif
        (void)parent;
        int in = open("/dev/null", O_RDONLY);
        int out = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (in >= 0)
            dup2(in, STDIN_FILENO);
        if (out >= 0)
            dup2(out, STDOUT_FILENO);
        const char *argv[] = {fx->serai, "serve", "--db", fx->db, "--listen",
                              listen, "--quiet", NULL};
        execv(fx->serai, (char *const *)argv);
        _exit(127);
    }
    fx->server = pid;
    return 0;
}

/* Poll GET /healthz until 200, the deadline, or the server's death. */
static int wait_ready(fixture *fx, char *why, size_t why_size)
{
    client_request rq = {.method = "GET", .target = "/healthz"};
    for (int waited = 0; waited < FIXTURE_READY_SECONDS * 1000; waited += 50) {
        int status;
        if (waitpid(fx->server, &status, WNOHANG) == fx->server) {
            fx->server = 0;
            snprintf(why, why_size, "the server exited during start-up "
                                    "(status %d)", status);
            return -1;
        }
        client_response rs;
        char ignored[256];
        int ok = client_exchange(fx->port, &rq, &rs, ignored, sizeof ignored) == 0 &&
                 rs.status == 200;
        client_response_free(&rs);
        if (ok)
            return 0;
        sleep_ms(50);
    }
    snprintf(why, why_size, "GET /healthz did not answer 200 within %d s",
             FIXTURE_READY_SECONDS);
    return -1;
}

int fixture_start(fixture *fx, const char *serai, char *why, size_t why_size)
{
    memset(fx, 0, sizeof *fx);
    fx->serai = serai;
    if (access(serai, X_OK) != 0) {
        snprintf(why, why_size, "%s is not an executable", serai);
        return -1;
    }
    char cwd[PATH_MAX - 32];
    if (getcwd(cwd, sizeof cwd) == NULL) {
        snprintf(why, why_size, "getcwd: %s", strerror(errno));
        return -1;
    }
    snprintf(fx->dir, sizeof fx->dir, "%s/serai-api-XXXXXX", cwd);
    if (mkdtemp(fx->dir) == NULL) {
        snprintf(why, why_size, "mkdtemp in %s: %s", cwd, strerror(errno));
        fx->dir[0] = '\0';
        return -1;
    }
    if (choose_db(fx, why, why_size) || seed(fx, why, why_size))
        return -1;
    if ((fx->port = free_port()) < 0) {
        snprintf(why, why_size, "no free loopback port");
        return -1;
    }
    if (spawn_server(fx, why, why_size) || wait_ready(fx, why, why_size))
        return -1;
    return 0;
}

int fixture_stop(fixture *fx, char *why, size_t why_size)
{
    if (fx->server == 0) {
        snprintf(why, why_size, "the server is not running");
        return -1;
    }
    pid_t pid = fx->server;
    fx->server = 0;
    if (kill(pid, SIGTERM) != 0) {
        snprintf(why, why_size, "kill(SIGTERM): %s", strerror(errno));
        return -1;
    }
    for (int waited = 0; waited <= FIXTURE_STOP_SECONDS * 1000; waited += 20) {
        int status;
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
                return 0;
            if (WIFEXITED(status))
                snprintf(why, why_size, "after SIGTERM the server exited "
                         "with status %d, not 0", WEXITSTATUS(status));
            else
                snprintf(why, why_size, "after SIGTERM the server died of "
                         "signal %d", WTERMSIG(status));
            return -1;
        }
        if (r < 0 && errno != EINTR) {
            snprintf(why, why_size, "waitpid: %s", strerror(errno));
            return -1;
        }
        sleep_ms(20);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    snprintf(why, why_size, "the server did not exit within %d s of SIGTERM",
             FIXTURE_STOP_SECONDS);
    return -1;
}

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[PATH_MAX + 300];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

void fixture_free(fixture *fx, bool keep)
{
    if (fx->server) {
        kill(fx->server, SIGKILL);
        waitpid(fx->server, NULL, 0);
        fx->server = 0;
    }
    for (int i = 0; i < FIXTURE_ROLE_COUNT; i++) {
        free(fx->tokens[i]);
        fx->tokens[i] = NULL;
    }
    if (fx->dir[0] && !keep)
        remove_dir(fx->dir);
}

const char *fixture_token(fixture *fx, const char *role, char *why,
                          size_t why_size)
{
    int i = fixture_role_index(role);
    if (i < 0) {
        snprintf(why, why_size, "no account for role \"%s\"", role);
        return NULL;
    }
    if (fx->tokens[i])
        return fx->tokens[i];
    char email[64], password[64];
    fixture_email(role, email, sizeof email);
    fixture_password(role, password, sizeof password);
    json_t *body = json_pack("{s:s, s:s}", "email", email, "password", password);
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    client_request rq = {.method = "POST", .target = "/api/v1/auth/login",
                         .headers = {"Content-Type: application/json"},
                         .nheaders = 1, .body = text,
                         .body_len = text ? strlen(text) : 0};
    client_response rs;
    int rc = client_exchange(fx->port, &rq, &rs, why, why_size);
    free(text);
    if (rc == 0) {
        json_t *reply = json_loads(rs.body, 0, NULL);
        const char *token = json_string_value(json_object_get(reply, "token"));
        if (rs.status == 200 && token)
            fx->tokens[i] = strdup(token);
        else
            snprintf(why, why_size, "logging in as %s answered %d: %.200s",
                     role, rs.status, rs.body);
        json_decref(reply);
    }
    client_response_free(&rs);
    return fx->tokens[i];
}

void fixture_forget_token(fixture *fx, const char *role)
{
    int i = fixture_role_index(role);
    if (i >= 0) {
        free(fx->tokens[i]);
        fx->tokens[i] = NULL;
    }
}
