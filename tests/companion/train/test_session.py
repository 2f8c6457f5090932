"""Tests of rnnbook.train.session: the Keras set-up and the choice of device."""

import os

import torch

from rnnbook import train


class TestPickDevice:
    def test_cpu_without_accelerators(self, monkeypatch):
        monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
        monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
        assert train.pick_device() == torch.device("cpu")

    def test_prefers_cuda_then_mps(self, monkeypatch):
        monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
        monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
        assert train.pick_device().type == "cuda"
        monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
        assert train.pick_device().type == "mps"


def test_quiet_keras_sets_the_books_environment_unless_the_reader_chose():
    """A notebook that calls quiet_keras first computes as the book's build does, quietly."""
    import subprocess
    import sys

    code = (
        "import os, sys\n"
        "from rnnbook.train import quiet_keras\n"
        "assert 'tensorflow' not in sys.modules\n"
        "keras = quiet_keras()\n"
        "assert quiet_keras() is keras and 'tensorflow' in sys.modules\n"
        "print(os.environ['TF_ENABLE_ONEDNN_OPTS'], os.environ['TF_CPP_MIN_LOG_LEVEL'])\n"
    )
    names = tuple(train.KERAS_ENVIRONMENT)
    for preset, expected in ((None, ["0", "3"]), ("1", ["1", "3"])):
        env = {k: v for k, v in os.environ.items() if k not in names}
        if preset is not None:
            env["TF_ENABLE_ONEDNN_OPTS"] = preset
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, env=env)
        assert out.stdout.split() == expected, (preset, out.stdout, out.stderr[-500:])
        assert out.stderr == "", out.stderr[-500:]  # TensorFlow's start-up messages are silenced
