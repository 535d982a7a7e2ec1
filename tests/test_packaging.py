"""`pip install .` (not only editable) gives a working juesuan: templates, rules, code lists ship."""
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_carries_its_data_and_works_outside_the_checkout(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path / "dist"), str(ROOT)], check=True, cwd=tmp_path)
    (wheel,) = (tmp_path / "dist").glob("juesuan-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("juesuan/schemas/templates/T1.yaml", "juesuan/schemas/ddl/001_init.sql",
                   "juesuan/schemas/views/010_v_dept_year.sql", "juesuan/data/departments.csv",
                   "juesuan/data/ref/function_class.csv", "juesuan/flows/nightly.py", "juesuan/cli.py"):
        assert needed in names, needed
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = ("import juesuan, juesuan.cli; from juesuan.recognise.templates import templates;"
             "from juesuan.refdata import load_reference; from juesuan.pipeline import rules_version;"
             "assert juesuan.__file__.startswith(%r);"
             "print(len(templates()), len(load_reference().departments), rules_version())") % str(target)
    out = subprocess.run([sys.executable, "-c", probe], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    n_templates, n_departments, version = out.stdout.split()
    assert int(n_templates) == 11 and int(n_departments) >= 30 and len(version) == 12
