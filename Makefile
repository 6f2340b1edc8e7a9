# Aliases of ./run (see README): make demo, make test, make bench.
.PHONY: demo test bench clean
demo:
	./run demo
test:
	./run test
bench:
	./run bench
clean:
	rm -rf .venv motcua.sqlite3 motcua.sqlite3-* var
