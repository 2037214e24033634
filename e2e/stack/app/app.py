"""A small Flask app that behaves like SafeWork's: surveys into MariaDB, a counter in Redis,
and logging the way SafeWork's ErrorMonitor does — "[SEVERITY] error_type: message (METHOD
/path)" lines, "Traceback: …" records, health-check warnings — so the monitor sees tracebacks
from the real redis-py, PyMySQL and SQLAlchemy drivers in the format users run."""
import logging
import os
import sys
import time
import traceback

import redis
from flask import Flask, has_request_context, jsonify, request
from sqlalchemy import create_engine, text

app = Flask(__name__)

# SafeWork's log format; every record goes to stderr, which Docker keeps.
handler = logging.StreamHandler(sys.stderr)
handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s: %(message)s [in %(pathname)s:%(lineno)d]"))
app.logger.handlers[:] = [handler]
app.logger.setLevel(logging.INFO)

DB_URL = "mysql+pymysql://{user}:{password}@{host}:3306/{db}?charset=utf8mb4".format(
    user=os.environ.get("MYSQL_USER", "safework"),
    password=os.environ.get("MYSQL_PASSWORD", ""),
    host=os.environ.get("MYSQL_HOST", "safework-mysql"),
    db=os.environ.get("MYSQL_DATABASE", "safework_db"),
)
engine = create_engine(DB_URL, pool_pre_ping=True, pool_recycle=60, connect_args={"connect_timeout": 3})
cache = redis.Redis(host=os.environ.get("REDIS_HOST", "safework-redis"), port=6379,
                    socket_connect_timeout=2, socket_timeout=2)

UNHEALTHY_FLAG = "/tmp/unhealthy"


class ErrorMonitor:
    """SafeWork's ErrorMonitor: a summary line with the request, then the traceback as a record
    of its own. Like SafeWork's, it labels every connection failure database_connection_error."""

    @staticmethod
    def report(severity, error_type, error, exc=None):
        where = f" ({request.method} {request.path})" if has_request_context() else ""
        app.logger.error("[%s] %s: %s%s", severity, error_type, error, where)
        if exc is not None:
            app.logger.error("Traceback: %s", "".join(traceback.format_exception(exc)))

    @staticmethod
    def health_warning(check, error):
        app.logger.warning("Health check failed: %s: %s", check, error)


def create_schema():
    """Like SafeWork's db.create_all() at start-up: without the database the app cannot start."""
    last = None
    for _ in range(3):
        try:
            with engine.begin() as conn:
                conn.execute(text(
                    "CREATE TABLE IF NOT EXISTS surveys (id INT AUTO_INCREMENT PRIMARY KEY, "
                    "name VARCHAR(100), answers TEXT, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)"))
            return
        except Exception as error:  # noqa: BLE001 - retried, then raised
            last = error
            time.sleep(1)
    app.logger.error("[CRITICAL] database_connection_error: %s", last, exc_info=last)
    raise SystemExit(3)


create_schema()
app.logger.info("SafeWork app started")


@app.get("/health")
def health():
    checks = {}
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - reported as a failed check
        checks["database"] = "fail"
        ErrorMonitor.health_warning("database", error)
    try:
        cache.ping()
        checks["redis"] = "ok"
    except Exception as error:  # noqa: BLE001
        checks["redis"] = "fail"
        ErrorMonitor.health_warning("redis", error)
    if os.path.exists(UNHEALTHY_FLAG):
        checks["app"] = "fail"
    ok = all(v == "ok" for v in checks.values())
    return jsonify(status="healthy" if ok else "unhealthy", checks=checks), 200 if ok else 503


@app.post("/survey/submit")
def submit_survey():
    payload = request.get_json(silent=True) or {}
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO surveys (name, answers) VALUES (:name, :answers)"),
                         {"name": payload.get("name", "anonymous"), "answers": str(payload.get("answers", ""))})
    except Exception as error:  # noqa: BLE001 - SafeWork's ErrorMonitor reports and answers 503
        ErrorMonitor.report("CRITICAL", "database_connection_error", error, error)
        return jsonify(error="database unavailable"), 503
    try:
        count = cache.incr("survey:count")
    except redis.exceptions.RedisError as error:
        ErrorMonitor.report("CRITICAL", "database_connection_error", error, error)
        return jsonify(error="cache unavailable"), 503
    app.logger.info("survey stored (total %s)", count)
    return jsonify(status="ok", total=count), 201


@app.get("/boom")
def boom():
    # An unhandled exception: Flask logs "Exception on /boom [GET]" with the traceback, then
    # ErrorMonitor's 500 handler reports it again.
    return 1 / 0


@app.errorhandler(500)
def internal_error(error):
    original = getattr(error, "original_exception", None) or error
    ErrorMonitor.report("HIGH", "500_error", f"{type(original).__name__}: {original}", original)
    return jsonify(error="internal server error"), 500
