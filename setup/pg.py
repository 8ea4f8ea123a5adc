"""Small PostgreSQL chores of the test command (psql may not be installed).

    pg.py ping              exit 0 when the server answers
    pg.py cache-key KEY     drop test template databases made for other code
    pg.py drop NAME         drop a database if it exists
"""
import os
import sys

import psycopg
from psycopg import sql

MARKER = 'qlvb_cache_'


def connect():
    uri = os.environ.get(
        'TRYTOND_DATABASE_URI', 'postgresql://postgres@127.0.0.1:5432/')
    conn = psycopg.connect(
        uri.rstrip('/') + '/postgres', autocommit=True, connect_timeout=5)
    return conn


def databases(conn, pattern):
    return [r[0] for r in conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s",
            (pattern,))]


def drop(conn, name):
    conn.execute(sql.SQL('DROP DATABASE IF EXISTS {} WITH (FORCE)').format(
            sql.Identifier(name)))


def main(command, *args):
    with connect() as conn:
        if command == 'ping':
            conn.execute('SELECT 1')
        elif command == 'cache-key':
            marker = MARKER + args[0]
            if marker not in databases(conn, MARKER + '%'):
                for name in databases(conn, 'test-%') + databases(
                        conn, MARKER + '%'):
                    drop(conn, name)
                conn.execute(sql.SQL('CREATE DATABASE {}').format(
                        sql.Identifier(marker)))
        elif command == 'drop':
            drop(conn, args[0])


if __name__ == '__main__':
    main(*sys.argv[1:])
