#pragma once
// libpq, loaded when a PostgreSQL source is first read (dlopen), not linked: linking it loads
// some twenty libraries of its own (Kerberos, LDAP, TLS) into every tally process, which is most
// of the start-up time of a short query.
#include <libpq-fe.h>

namespace tally {

struct Libpq {
  decltype(&PQconnectdb) connectdb;
  decltype(&PQstatus) status;
  decltype(&PQerrorMessage) errorMessage;
  decltype(&PQfinish) finish;
  decltype(&PQexec) exec;
  decltype(&PQexecParams) execParams;
  decltype(&PQprepare) prepare;
  decltype(&PQdescribePrepared) describePrepared;
  decltype(&PQresultStatus) resultStatus;
  decltype(&PQresultErrorMessage) resultErrorMessage;
  decltype(&PQresultErrorField) resultErrorField;
  decltype(&PQnfields) nfields;
  decltype(&PQfname) fname;
  decltype(&PQftype) ftype;
  decltype(&PQfmod) fmod;
  decltype(&PQgetCopyData) getCopyData;
  decltype(&PQgetResult) getResult;
  decltype(&PQfreemem) freemem;
  decltype(&PQclear) clear;
};

// The library's functions; loads it on first use. Throws when libpq.so.5 is not installed.
const Libpq& LoadLibpq();

}  // namespace tally
