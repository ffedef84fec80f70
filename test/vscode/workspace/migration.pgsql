create table t (id int primary key, name text);
select id, name from t;
