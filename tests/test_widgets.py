import pytest

from nnlib.explorers import B0_RANGE, LEARNING_RATE_RANGE, M0_RANGE, STEP_CHOICES
from nnlib.widgets import STATIC_NOTE, learning_rate_sliders, loss_surface_sliders


@pytest.mark.parametrize("make", [learning_rate_sliders, loss_surface_sliders])
def test_sliders_at_their_extremes(make, patients):
    sliders = make(*patients)
    assert (sliders.learning_rate.value, sliders.m0.value, sliders.b0.value) == (0.001, 5.0, 10.0)
    for rate in LEARNING_RATE_RANGE:
        for m0 in M0_RANGE:
            for b0 in B0_RANGE:
                for steps in (STEP_CHOICES[0], STEP_CHOICES[-1]):
                    result = sliders.set(learning_rate=rate, m0=m0, b0=b0, steps=steps)
                    assert result.m_path[0] == m0 and result.b_path[0] == b0
                    assert result.diverged == (rate > 0.0098 and steps == STEP_CHOICES[-1])


def test_moving_one_slider_recomputes(patients):
    sliders = learning_rate_sliders(*patients)
    before = sliders.result
    sliders.m0.value = 20.0  # as a reader's mouse would
    assert sliders.result is not before and sliders.result.m_path[0] == 20.0


def test_display_shows_a_note_and_a_figure(patients):
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    InteractiveShell.instance()
    with capture_output() as captured:
        learning_rate_sliders(*patients)._ipython_display_()
    first, second = captured.outputs
    assert first.data["text/plain"] == STATIC_NOTE
    assert "application/vnd.jupyter.widget-view+json" in first.data
    assert second.data["image/png"]


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"learning_rate": 0.0}, ValueError, "learning_rate"),
        ({"learning_rate": 1.0}, ValueError, "learning_rate"),
        ({"m0": 1000.0}, ValueError, "m0"),
        ({"b0": "zero"}, TypeError, "b0"),
        ({"steps": 7}, ValueError, "steps"),
    ],
)
def test_sliders_reject_bad_defaults(patients, kwargs, error, name):
    with pytest.raises(error, match=name):
        learning_rate_sliders(*patients, **kwargs)


def test_a_slider_move_updates_the_figure_in_place_in_a_real_kernel():
    """In a live kernel, moving a slider replaces the shown image; it never adds a new one."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    try:

        def run(code):
            msg_id = client.execute(code)
            messages = []
            while True:
                message = client.get_iopub_msg(timeout=60)
                if message["parent_header"].get("msg_id") != msg_id:
                    continue
                messages.append(message)
                if (
                    message["msg_type"] == "status"
                    and message["content"]["execution_state"] == "idle"
                ):
                    return messages

        shown = run(
            "import nnlib\nfrom nnlib.widgets import learning_rate_sliders\n"
            "sliders = learning_rate_sliders(*nnlib.load_patients())\nsliders"
        )
        images = [
            m
            for m in shown
            if m["msg_type"] == "display_data" and "image/png" in m["content"]["data"]
        ]
        assert len(images) == 1
        display_id = images[0]["content"]["transient"]["display_id"]

        moved = run("sliders.learning_rate.value = 0.05")
        types = [m["msg_type"] for m in moved]
        assert "display_data" not in types and "error" not in types and "stream" not in types
        updates = [m for m in moved if m["msg_type"] == "update_display_data"]
        assert len(updates) == 1
        assert updates[0]["content"]["transient"]["display_id"] == display_id
        assert (
            updates[0]["content"]["data"]["image/png"] != images[0]["content"]["data"]["image/png"]
        )
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
