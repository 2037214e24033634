"""A small Flask app that behaves like SafeWork's: surveys into MariaDB, a counter in Redis,
and logging like SafeWork's ErrorMonitor, so the monitor sees tracebacks from the real
redis-py, PyMySQL and SQLAlchemy drivers."""
import logging
import os
import sys
import time

import redis
from flask import Flask, jsonify, request
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
    except Exception:  # noqa: BLE001 - reported as a failed check
        checks["database"] = "fail"
    try:
        cache.ping()
        checks["redis"] = "ok"
    except Exception:  # noqa: BLE001
        checks["redis"] = "fail"
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
        app.logger.error("[CRITICAL] database_connection_error: %s", error, exc_info=True)
        return jsonify(error="database unavailable"), 503
    try:
        count = cache.incr("survey:count")
    except redis.exceptions.RedisError as error:
        app.logger.error("[CRITICAL] redis_connection_error: %s", error, exc_info=True)
        return jsonify(error="cache unavailable"), 503
    app.logger.info("survey stored (total %s)", count)
    return jsonify(status="ok", total=count), 201


@app.get("/boom")
def boom():
    # An unhandled exception: Flask logs "Exception on /boom [GET]" with the traceback.
    return 1 / 0
