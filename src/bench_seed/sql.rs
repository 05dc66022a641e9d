//! Multi-row INSERTs as SQL text. The MultiConnection's DSL inserts one
//! row per statement; a bulk load of millions of rows needs hundreds per
//! statement. Every value is generated here (no user input), and text is
//! still quoted properly. The same SQL runs on SQLite and PostgreSQL.

use diesel::connection::SimpleConnection;

use crate::db::DbConn;

const ROWS_PER_STATEMENT: usize = 400;

/// A SQL literal.
pub enum V<'a> {
    T(&'a str),
    I(i64),
    B(bool),
    Null,
}

pub fn opt_text(v: Option<&str>) -> V<'_> {
    v.map_or(V::Null, V::T)
}

pub fn opt_int(v: Option<i64>) -> V<'static> {
    v.map_or(V::Null, V::I)
}

/// Rows for one table. The caller flushes (parents before children, for
/// the foreign keys) once any batch [`Batch::is_full`].
pub struct Batch {
    head: String,
    sql: String,
    rows: usize,
    pub written: u64,
}

impl Batch {
    pub fn new(table: &str, columns: &str) -> Self {
        Batch {
            head: format!("INSERT INTO {table} ({columns}) VALUES "),
            sql: String::new(),
            rows: 0,
            written: 0,
        }
    }

    pub fn row(&mut self, values: &[V<'_>]) -> diesel::QueryResult<()> {
        self.sql.push_str(if self.rows == 0 { &self.head } else { "," });
        self.sql.push('(');
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.sql.push(',');
            }
            push_literal(&mut self.sql, v);
        }
        self.sql.push(')');
        self.rows += 1;
        Ok(())
    }

    pub fn is_full(&self) -> bool {
        self.rows >= ROWS_PER_STATEMENT
    }

    pub fn flush(&mut self, conn: &mut DbConn) -> diesel::QueryResult<()> {
        if self.rows == 0 {
            return Ok(());
        }
        conn.batch_execute(&self.sql)?;
        self.written += self.rows as u64;
        self.sql.clear();
        self.rows = 0;
        Ok(())
    }
}

fn push_literal(sql: &mut String, v: &V<'_>) {
    use std::fmt::Write;
    match v {
        V::T(s) => {
            sql.push('\'');
            for c in s.chars() {
                if c == '\'' {
                    sql.push('\'');
                }
                sql.push(c);
            }
            sql.push('\'');
        }
        V::I(n) => {
            let _ = write!(sql, "{n}");
        }
        V::B(b) => sql.push_str(if *b { "TRUE" } else { "FALSE" }),
        V::Null => sql.push_str("NULL"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_quoted_and_quotes_are_doubled() {
        let mut sql = String::new();
        push_literal(&mut sql, &V::T("O'Neil 王"));
        push_literal(&mut sql, &V::Null);
        push_literal(&mut sql, &V::B(true));
        push_literal(&mut sql, &V::I(-3));
        assert_eq!(sql, "'O''Neil 王'NULLTRUE-3");
    }
}
