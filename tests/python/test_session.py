"""The session: tables, SQL, the catalog, temporary views, errors, writing tables."""
import pandas as pd
import pytest

import tally
from tally import functions as F


def test_table_reads_every_row_of_the_warehouse_table(spark, retail_pd):
    retail = spark.table("retail")
    assert retail.count() == len(retail_pd)
    assert retail.columns == list(retail_pd.columns)


def test_schema_and_dtypes_name_spark_types(spark):
    retail = spark.table("retail")
    assert dict(retail.dtypes) == {
        "invoice_no": "string", "stock_code": "string", "description": "string",
        "quantity": "int", "invoice_date": "timestamp", "unit_price": "decimal(18,3)",
        "customer_id": "int", "country": "string"}
    assert retail.schema["unit_price"].dataType == tally.types.DecimalType(18, 3)
    assert isinstance(retail.schema["quantity"].dataType, tally.types.IntegerType)


def test_print_schema(spark, capsys):
    spark.table("retail").select("quantity", "country").printSchema()
    assert capsys.readouterr().out == (
        "root\n |-- quantity: int (nullable = true)\n |-- country: string (nullable = true)\n")


def test_catalog_lists_tables_and_temporary_views(spark):
    spark.table("retail").limit(3).createOrReplaceTempView("three_lines")
    tables = {t.name: t for t in spark.catalog.listTables()}
    assert tables["retail"].tableType == "MANAGED" and not tables["retail"].isTemporary
    assert tables["three_lines"].isTemporary
    assert spark.catalog.tableExists("three_lines")
    assert spark.catalog.dropTempView("three_lines")
    assert not spark.catalog.tableExists("three_lines")


def test_sql_is_lazy_and_composes_with_the_dataframe_api(spark, retail_pd):
    by_country = spark.sql("select country, count(*) as lines from retail group by country")
    top = by_country.orderBy(F.desc("lines")).limit(3).toPandas()
    expected = retail_pd.groupby("country").size().sort_values(ascending=False).head(3)
    assert list(top["country"]) == list(expected.index)
    assert list(top["lines"]) == list(expected.values)


def test_sql_reads_temporary_views_of_dataframes(spark, retail_pd):
    positive = spark.table("retail").filter(F.col("quantity") > 0)
    positive.createOrReplaceTempView("positive_lines")
    # Used twice in one query: each use has columns of its own.
    rows = spark.sql("select (select count(*) from positive_lines) as a, count(*) as b "
                     "from positive_lines where country = 'France'").collect()
    assert rows[0].a == int((retail_pd.quantity > 0).sum())
    assert rows[0].b == int(((retail_pd.quantity > 0) & (retail_pd.country == "France")).sum())


def test_temp_view_that_exists_is_refused_by_create_temp_view(spark):
    df = spark.table("retail").limit(1)
    df.createOrReplaceTempView("one_line")
    with pytest.raises(tally.AnalysisError, match="already exists"):
        df.createTempView("one_line")
    spark.catalog.dropTempView("one_line")


def test_unknown_column_is_an_analysis_error_with_the_engines_message(spark):
    with pytest.raises(tally.AnalysisError, match='countr'):
        spark.table("retail").select("countr")
    with pytest.raises(tally.AnalysisError) as error:
        spark.sql("select countr from retail")
    assert 'column "countr" does not exist' in str(error.value)
    assert 'perhaps you meant "country"' in str(error.value)


def test_unknown_table_suggests_the_closest(spark):
    with pytest.raises(tally.AnalysisError, match='did you mean "retail"'):
        spark.table("retial")


def test_runtime_errors_are_execution_errors(spark):
    df = spark.sql("select quantity / (quantity - quantity) as boom from retail")
    with pytest.raises(tally.ExecutionError, match="division by zero"):
        df.collect()


def test_statements_run_at_once_and_change_the_warehouse(tmp_path):
    session = tally.Session(warehouse=str(tmp_path / "wh"))
    session.sql("create table t (a int, b text); insert into t values (1, 'x'), (2, NULL)")
    assert [tuple(r) for r in session.table("t").orderBy("a").collect()] == [(1, "x"), (2, None)]
    status = session.sql("insert into t select a + 10, b from t").collect()
    assert status[0].status == "INSERT 0 2"
    assert session.table("t").count() == 4


def test_save_as_table_modes(tmp_path, spark):
    session = tally.Session(warehouse=str(tmp_path / "wh"))
    df = session.createDataFrame([(1, "a"), (2, "b")], "id INT, name STRING")
    df.write.saveAsTable("names")
    with pytest.raises(tally.AnalysisError, match="already exists"):
        df.write.saveAsTable("names")
    df.write.mode("append").saveAsTable("names")
    assert session.table("names").count() == 4
    df.limit(1).write.mode("overwrite").saveAsTable("names")
    assert session.table("names").count() == 1
    df.write.saveAsTable("names", mode="ignore")
    assert session.table("names").count() == 1
    assert session.sql("select sum(id) as s from names").first().s == 1


def test_create_data_frame_from_rows_dicts_and_pandas(spark):
    import datetime
    import decimal
    rows = [(1, 2.5, "x", datetime.date(2011, 1, 5), decimal.Decimal("1.25"), True),
            (None, None, None, None, None, None)]
    df = spark.createDataFrame(rows, ["i", "d", "s", "day", "money", "flag"])
    assert df.dtypes == [("i", "bigint"), ("d", "double"), ("s", "string"), ("day", "date"),
                         ("money", "decimal(18,2)"), ("flag", "boolean")]
    assert [tuple(r) for r in df.collect()] == rows
    from_dicts = spark.createDataFrame([{"a": 1, "b": "x"}, {"a": 2, "b": None}])
    assert from_dicts.columns == ["a", "b"] and from_dicts.count() == 2
    frame = pd.DataFrame({"a": [1, 2, 3], "b": [0.5, None, 2.0], "c": ["x", "y", None]})
    back = spark.createDataFrame(frame).toPandas()
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)


def test_builder_for_code_written_for_spark(warehouse):
    session = tally.SparkSession.builder.appName("shop").config(
        "spark.sql.warehouse.dir", str(warehouse)).getOrCreate()
    assert session.table("retail").limit(2).count() == 2


def test_read_csv_and_parquet(spark, retail_csv, tmp_path, retail_pd):
    from_csv = spark.read.csv(str(retail_csv), header=True)
    assert from_csv.count() == len(retail_pd)
    path = tmp_path / "lines.parquet"
    from_csv.filter(F.col("country") == "France").write.parquet(str(path))
    back = spark.read.parquet(str(path))
    assert back.count() == int((retail_pd.country == "France").sum())
    with pytest.raises(tally.AnalysisError, match="already exists"):
        from_csv.write.parquet(str(path))
    schema = "invoice_no STRING, stock_code STRING, description STRING, quantity BIGINT, " \
             "invoice_date TIMESTAMP, unit_price DOUBLE, customer_id BIGINT, country STRING"
    typed = spark.read.csv(str(retail_csv), header=True, schema=schema)
    assert dict(typed.dtypes)["quantity"] == "bigint"
    assert dict(typed.dtypes)["unit_price"] == "double"


def test_read_csv_in_other_formats(spark, retail_pd, tmp_path):
    # The real data written by pandas with ';', then tab and NA for missing customers: read
    # with the delimiter detected, given, and the NULL text, it equals pandas' rows.
    semi = tmp_path / "semi.csv"
    retail_pd.to_csv(semi, sep=";", index=False, date_format="%Y-%m-%d %H:%M:%S")
    tab = tmp_path / "tab.csv"
    retail_pd.to_csv(tab, sep="\t", index=False, na_rep="NA", date_format="%Y-%m-%d %H:%M:%S")
    missing = int(retail_pd.customer_id.isna().sum())
    for df in (spark.read.csv(str(semi)), spark.read.csv(str(semi), sep=";"),
               spark.read.option("sep", "\t").option("nullValue", "NA").csv(str(tab)),
               spark.read.csv(str(tab), nullValue="NA")):
        assert df.count() == len(retail_pd)
        assert df.filter(F.col("customer_id").isNull()).count() == missing
        total = df.agg(F.sum("quantity").alias("q")).collect()[0]["q"]
        assert total == int(retail_pd.quantity.sum())
    headless = tmp_path / "headless.csv"
    headless.write_text("1|x\n2|y\n")
    rows = spark.read.csv(str(headless), sep="|", header=False).collect()
    assert [tuple(r) for r in rows] == [(1, "x"), (2, "y")]


def test_write_csv_round_trip(spark, tmp_path):
    path = tmp_path / "out.csv"
    df = spark.createDataFrame([(1, "a,b"), (2, None)], "id INT, text STRING")
    df.write.csv(str(path), header=True)
    assert path.read_text() == 'id,text\n1,"a,b"\n2,\n'
