package lab.gil.sandbox;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EditedCodePolicyTest {
    private static final EditedCodePolicy.Settings DEFAULT = EditedCodePolicy.Settings.DEFAULT;
    private static final EditedCodePolicy.Settings NAMESPACES = new EditedCodePolicy.Settings(false, true);
    private static final EditedCodePolicy.Settings ANYWAY = new EditedCodePolicy.Settings(true, false);

    @Test
    void editedCodeRunsInNamespacesWhateverTheSettings() {
        for (EditedCodePolicy.Settings settings : new EditedCodePolicy.Settings[]{DEFAULT, NAMESPACES, ANYWAY}) {
            for (boolean ownUid : new boolean[]{false, true}) {
                assertThat(EditedCodePolicy.decide(true, ownUid, settings).allowed()).isTrue();
            }
        }
    }

    @Test
    void aUidOfItsOwnIsEnoughByDefaultButNotWhenNamespacesAreRequired() {
        assertThat(EditedCodePolicy.decide(false, true, DEFAULT).allowed()).isTrue();
        EditedCodePolicy strict = EditedCodePolicy.decide(false, true, NAMESPACES);
        assertThat(strict.allowed()).isFalse();
        assertThat(strict.reason()).contains("GILLAB_REQUIRE_NAMESPACES=true", "GILLAB_ALLOW_UNISOLATED");
    }

    @Test
    void withNeitherNamespacesNorAUidOfItsOwnEditedCodeIsRefusedAndTheReasonSaysHowToChange() {
        EditedCodePolicy refused = EditedCodePolicy.decide(false, false, DEFAULT);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.reason()).contains("bubblewrap", "uid", "Running untrusted code", "GILLAB_ALLOW_UNISOLATED=true");
    }

    @Test
    void theOperatorMayAcceptTheRiskAndTheReasonThenNamesIt() {
        EditedCodePolicy anyway = EditedCodePolicy.decide(false, false, ANYWAY);
        assertThat(anyway.allowed()).isTrue();
        assertThat(anyway.reason()).contains("GILLAB_ALLOW_UNISOLATED=true", "server's uid");
        assertThat(EditedCodePolicy.decide(false, true, new EditedCodePolicy.Settings(true, true)).allowed()).isTrue();
    }

    @Test
    void aRefusingPolicyStillAdmitsTheLessonsOwnCode() {
        EditedCodePolicy refused = EditedCodePolicy.decide(false, false, DEFAULT);
        assertThatCode(() -> refused.admit("print(1)\n", "print(1)\n")).doesNotThrowAnyException();
        assertThatCode(() -> refused.admit("print(1)", "print(1)\n\n")).doesNotThrowAnyException();
        assertThatThrownBy(() -> refused.admit("print(2)\n", "print(1)\n"))
                .isInstanceOf(EditedCodePolicy.Refused.class)
                .hasMessage(EditedCodePolicy.REFUSED_SENTENCE);
        assertThatCode(() -> EditedCodePolicy.decide(true, false, DEFAULT).admit("print(2)\n", "print(1)\n"))
                .doesNotThrowAnyException();
    }

    @Test
    void settingsAreReadFromTheEnvironmentAndANonsenseValueIsAnError() {
        assertThat(EditedCodePolicy.Settings.fromEnv(Map.of())).isEqualTo(DEFAULT);
        assertThat(EditedCodePolicy.Settings.fromEnv(Map.of("GILLAB_ALLOW_UNISOLATED", "true", "GILLAB_REQUIRE_NAMESPACES", " TRUE ")))
                .isEqualTo(new EditedCodePolicy.Settings(true, true));
        assertThatThrownBy(() -> EditedCodePolicy.Settings.fromEnv(Map.of("GILLAB_ALLOW_UNISOLATED", "sure")))
                .hasMessageContaining("GILLAB_ALLOW_UNISOLATED must be true or false");
    }
}
